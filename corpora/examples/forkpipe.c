/* Forks a child that writes through a pipe; the parent reads, waits and prints the status. */
#include "swiftos.h"

int main(int argc, char **argv, char **envp) {
  (void)argv; (void)envp;
  int fds[2];
  if (sc(SYS_PIPE, (long)fds, 0, 0) != 0) return 10;
  long pid = sc(SYS_FORK, 0, 0, 0);
  if (pid < 0) return 11;
  if (pid == 0) {
    sc(SYS_CLOSE, fds[0], 0, 0);
    const char msg[] = "hello from the child";
    sc(SYS_WRITE, fds[1], (long)msg, sizeof msg - 1);
    sc(SYS_EXIT, 42, 0, 0);
  }
  sc(SYS_CLOSE, fds[1], 0, 0);
  char buf[64];
  long total = 0, n;
  while ((n = sc(SYS_READ, fds[0], (long)(buf + total), (long)(sizeof buf - 1 - total))) > 0) total += n;
  buf[total] = 0;
  int status = 0;
  long reaped = sc(SYS_WAITPID, pid, (long)&status, 0);
  puts_("parent "); put_dec(sc(SYS_GETPID, 0, 0, 0));
  puts_(" read \""); puts_(buf);
  puts_("\" from child "); put_dec(pid);
  puts_(", waitpid -> "); put_dec(reaped);
  puts_(", exit code "); put_dec((status >> 8) & 0xff);
  puts_(", argc "); put_dec(argc);
  puts_("\n");
  return reaped == pid && ((status >> 8) & 0xff) == 42 ? 0 : 1;
}
