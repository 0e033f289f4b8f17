/*
 * calico / calico-ipam: the per-pod CNI executable. It holds no CNI logic at all: it forwards
 * one invocation (its name, the CNI-relevant environment and stdin) to the node daemon over a
 * unix socket and replays the daemon's answer (stdout, stderr, exit code). A pod therefore
 * never pays a JVM start; this binary is static and starts in about a millisecond.
 *
 * Socket: $CALICO_NODE_SOCKET, else /var/run/calico/cni.sock.
 *
 * Wire format (Java side: io.jcalico.felix.cni.CniWire; keep both in step):
 *   request  = "JCNI" u8(version=1) frame* end
 *   response = "JCNI" u8(version=1) frame* end
 *   frame    = u8(tag) u32(length, big endian) bytes[length]
 *   end      = u8('.') u32(0)
 * Request tags:  'P' plugin name (basename of argv[0]: "calico" or "calico-ipam"),
 *                'E' one environment entry "NAME=value" (CNI_*, CALICO_*, K8S_*, KUBECONFIG),
 *                'I' the whole of stdin (at most one frame).
 * Response tags: 'O' bytes for stdout, 'R' bytes for stderr (both may repeat),
 *                'X' exit code as u32.
 * The daemon closes the connection after the response.
 *
 * When the daemon cannot be reached this binary answers by itself with a CNI error on stdout,
 * code 11 ("try again later"; for STATUS the spec's 50, "plugin not available"), and exits 1, as
 * every CNI error does.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#define DEFAULT_SOCKET "/var/run/calico/cni.sock"
#define MAX_STDIN (8u << 20)      /* network config plus prevResult: far below this */
#define MAX_FRAME (16u << 20)
#define REPLY_TIMEOUT_SECONDS 300 /* a runtime gives up long before; never hang forever */

extern char **environ;

static const char *cni_version = "1.0.0";
static char version_buf[32];

/* Writes s as the inside of a JSON string. */
static void json_escaped(FILE *f, const char *s) {
  for (; *s; s++) {
    unsigned char c = (unsigned char) *s;
    if (c == '"' || c == '\\') fprintf(f, "\\%c", c);
    else if (c < 0x20) fprintf(f, "\\u%04x", c);
    else fputc(c, f);
  }
}

/* The CNI error JSON on stdout and exit 1: used only when the daemon cannot answer. */
static void fail(int code, const char *msg, const char *details) {
  fputs("{\"cniVersion\":\"", stdout);
  json_escaped(stdout, cni_version);
  fprintf(stdout, "\",\"code\":%d,\"msg\":\"", code);
  json_escaped(stdout, msg);
  fputs("\",\"details\":\"", stdout);
  json_escaped(stdout, details);
  fputs("\"}\n", stdout);
  fflush(stdout);
  exit(1);
}

/* Picks the config's top-level "cniVersion" so our own errors carry it; a cheap scan, not a
 * parser: the daemon does the real parsing. Falls back to 1.0.0 on anything odd or unknown. */
static void sniff_cni_version(const char *buf, size_t len) {
  const char *key = "\"cniVersion\"";
  const char *p = memmem(buf, len, key, strlen(key));
  if (!p) return;
  const char *end = buf + len;
  p += strlen(key);
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == ':')) p++;
  if (p >= end || *p != '"') return;
  p++;
  size_t n = 0;
  while (p + n < end && p[n] != '"' && n < sizeof(version_buf) - 1) {
    char c = p[n];
    if (!((c >= '0' && c <= '9') || c == '.' || (c >= 'a' && c <= 'z') || c == '-')) return;
    n++;
  }
  if (n == 0 || p + n >= end || p[n] != '"') return;
  memcpy(version_buf, p, n);
  version_buf[n] = 0;
  /* An error claims to conform to the config's version only when we know that version. */
  static const char *known[] = {"0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0", NULL};
  for (int i = 0; known[i]; i++)
    if (strcmp(version_buf, known[i]) == 0) cni_version = version_buf;
}

static int forwarded(const char *entry) {
  static const char *prefixes[] = {"CNI_", "CALICO_", "K8S_", "KUBECONFIG=", NULL};
  for (int i = 0; prefixes[i]; i++)
    if (strncmp(entry, prefixes[i], strlen(prefixes[i])) == 0) return 1;
  return 0;
}

/* Growable output buffer for the request. */
struct buf { unsigned char *data; size_t len, cap; };

static void buf_put(struct buf *b, const void *p, size_t n) {
  if (b->len + n > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + n) cap *= 2;
    b->data = realloc(b->data, cap);
    if (!b->data) fail(5, "out of memory", "building the request for calico-node");
    b->cap = cap;
  }
  memcpy(b->data + b->len, p, n);
  b->len += n;
}

static void put_frame(struct buf *b, char tag, const void *p, size_t n) {
  unsigned char hdr[5] = {(unsigned char) tag, n >> 24, n >> 16, n >> 8, n};
  buf_put(b, hdr, 5);
  buf_put(b, p, n);
}

static unsigned char *read_stdin(size_t *len) {
  size_t cap = 8192, n = 0;
  unsigned char *data = malloc(cap);
  if (!data) fail(5, "out of memory", "reading stdin");
  for (;;) {
    if (n == cap) {
      if (cap >= MAX_STDIN) fail(6, "network configuration too large", "stdin exceeds 8 MiB");
      cap *= 2;
      data = realloc(data, cap);
      if (!data) fail(5, "out of memory", "reading stdin");
    }
    ssize_t r = read(STDIN_FILENO, data + n, cap - n);
    if (r == 0) break;
    if (r < 0) {
      if (errno == EINTR) continue;
      if (errno == EBADF) break; /* no stdin at all: VERSION may come without one */
      fail(5, "cannot read stdin", strerror(errno));
    }
    n += (size_t) r;
  }
  *len = n;
  return data;
}

static const char *socket_path;
/* The code of "no daemon to ask": STATUS (CNI 1.1) says so with 50, the other commands with 11. */
static int unavailable = 11;

static void lost(const char *what) {
  char details[512];
  snprintf(details, sizeof details, "%s on %s", what, socket_path);
  fail(unavailable, "lost the connection to calico-node", details);
}

static void write_all(int fd, const unsigned char *p, size_t n) {
  while (n > 0) {
    ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
    if (w < 0) {
      if (errno == EINTR) continue;
      lost(strerror(errno));
    }
    p += w;
    n -= (size_t) w;
  }
}

/* Reads exactly n bytes; returns 0 on a clean end of stream before the first byte. */
static int read_full(int fd, unsigned char *p, size_t n) {
  size_t got = 0;
  while (got < n) {
    ssize_t r = read(fd, p + got, n - got);
    if (r == 0) {
      if (got == 0) return 0;
      lost("truncated answer");
    }
    if (r < 0) {
      if (errno == EINTR) continue;
      lost(errno == EAGAIN ? "no answer in time" : strerror(errno));
    }
    got += (size_t) r;
  }
  return 1;
}

static void copy_out(int fd, const unsigned char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      exit(1); /* the runtime stopped listening: nobody left to tell */
    }
    p += w;
    n -= (size_t) w;
  }
}

int main(int argc, char **argv) {
  (void) argc;
  signal(SIGPIPE, SIG_IGN);
  const char *plugin = strrchr(argv[0], '/');
  plugin = plugin ? plugin + 1 : argv[0];

  size_t in_len;
  unsigned char *in = read_stdin(&in_len);
  sniff_cni_version((const char *) in, in_len);

  const char *command = getenv("CNI_COMMAND");
  if (command && strcmp(command, "STATUS") == 0) unavailable = 50;
  socket_path = getenv("CALICO_NODE_SOCKET");
  if (!socket_path || !*socket_path) socket_path = DEFAULT_SOCKET;
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  if (strlen(socket_path) >= sizeof addr.sun_path)
    fail(4, "CALICO_NODE_SOCKET is too long", socket_path);
  strcpy(addr.sun_path, socket_path);

  struct buf req = {0};
  buf_put(&req, "JCNI\1", 5);
  put_frame(&req, 'P', plugin, strlen(plugin));
  for (char **e = environ; *e; e++)
    if (forwarded(*e)) put_frame(&req, 'E', *e, strlen(*e));
  put_frame(&req, 'I', in, in_len);
  put_frame(&req, '.', "", 0);

  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) fail(unavailable, "calico-node is not running", strerror(errno));
  if (connect(fd, (struct sockaddr *) &addr, sizeof addr) < 0) {
    char details[512];
    snprintf(details, sizeof details, "cannot connect to %s: %s", socket_path, strerror(errno));
    fail(unavailable, "calico-node is not running", details);
  }
  struct timeval tv = {.tv_sec = REPLY_TIMEOUT_SECONDS};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  write_all(fd, req.data, req.len);

  unsigned char hdr[5];
  if (!read_full(fd, hdr, 5)) lost("closed without an answer");
  if (memcmp(hdr, "JCNI\1", 5) != 0) lost("not a calico-node answer");
  int exit_code = -1;
  unsigned char *payload = NULL;
  for (;;) {
    if (!read_full(fd, hdr, 5)) lost("truncated answer");
    uint32_t n = (uint32_t) hdr[1] << 24 | (uint32_t) hdr[2] << 16 | (uint32_t) hdr[3] << 8 | hdr[4];
    if (n > MAX_FRAME) lost("oversized frame in answer");
    if (hdr[0] == '.') break;
    payload = realloc(payload, n ? n : 1);
    if (!payload) fail(5, "out of memory", "reading the answer of calico-node");
    read_full(fd, payload, n);
    switch (hdr[0]) {
      case 'O': copy_out(STDOUT_FILENO, payload, n); break;
      case 'R': copy_out(STDERR_FILENO, payload, n); break;
      case 'X':
        if (n != 4) lost("bad exit code frame");
        exit_code = (int) ((uint32_t) payload[0] << 24 | (uint32_t) payload[1] << 16
                           | (uint32_t) payload[2] << 8 | payload[3]);
        break;
      default: break; /* unknown tags are skipped so the daemon can add fields */
    }
  }
  if (exit_code < 0) lost("answer without an exit code");
  close(fd);
  return exit_code;
}
