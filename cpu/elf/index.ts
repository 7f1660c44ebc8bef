export * from './constants.js';
export { ElfError, readElf, type ElfImage, type LoadSegment } from './read.js';
export { writeElf, type ElfSpec, type SegmentSpec } from './write.js';
