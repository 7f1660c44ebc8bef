export {
  Endpoint, EndpointEnd, ENDPOINT_MAX, IpcState, ipcState, namesEndpoint, REPLY_PORT_MAX, ReplyPort,
  type Message, type Payload,
} from './endpoint.js';
export { NameRegistry, SERVICE_NAMES_MAX } from './names.js';
export { readRecord, type IpcRecord } from './record.js';
export { SocketEnd, socketPair } from './socket.js';
