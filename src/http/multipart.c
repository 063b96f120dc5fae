/* The one file of a multipart/form-data upload, read from the collected body with
 * libmicrohttpd's post processor (no hand-written MIME parser), with the errors a user needs. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "http/http.h"

/* Post-processor buffer: how much of a part it hands over per call. */
#define MULTIPART_CHUNK (64 * 1024)

int http_is_multipart(const char *content_type) {
  return content_type && strncasecmp(content_type, "multipart/form-data", 19) == 0 &&
         (content_type[19] == 0 || content_type[19] == ';' || content_type[19] == ' ');
}

typedef struct mp_state {
  const char *field;
  size_t max;
  hoshi_buf *out;
  int parts;        /* parts named field */
  int too_large;
  char other[64];   /* the first part with another name */
  char *ctype;
  size_t nctype;
} mp_state;

static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                               const char *content_type, const char *transfer_encoding, const char *data, uint64_t off,
                               size_t size) {
  (void)kind;
  (void)filename;
  (void)transfer_encoding;
  mp_state *s = cls;
  if (key == NULL || strcmp(key, s->field) != 0) {
    snprintf(s->other, sizeof s->other, "%s", key ? key : "");
    return MHD_NO;
  }
  if (off == 0) {
    /* a new part: its first bytes always come at offset 0 */
    if (++s->parts > 1) return MHD_NO;
    snprintf(s->ctype, s->nctype, "%s", content_type ? content_type : "");
  }
  if (s->out->n + size > s->max) {
    s->too_large = 1;
    return MHD_NO;
  }
  hoshi_buf_append(s->out, data, size);
  return s->out->oom ? MHD_NO : MHD_YES;
}

int http_multipart_file(http_req *r, const char *field, size_t max, hoshi_buf *out, char *ctype, size_t nctype) {
  mp_state s = {field, max, out, 0, 0, "", ctype, nctype};
  ctype[0] = 0;
  /* reads the boundary from the request's Content-Type header */
  struct MHD_PostProcessor *pp = MHD_create_post_processor(r->conn, MULTIPART_CHUNK, on_part, &s);
  if (pp == NULL) {
    http_send_error(r, 400, "invalid", "Content-Type", "multipart/form-data needs a boundary in the Content-Type header");
    return -1;
  }
  enum MHD_Result ok = MHD_post_process(pp, r->body.p ? r->body.p : "", r->body.n);
  /* NO also when the body ended before its closing boundary */
  if (MHD_destroy_post_processor(pp) != MHD_YES) ok = MHD_NO;
  if (s.other[0]) {
    http_send_error(r, 400, "invalid", field, "the file goes in a multipart field named %s; this body has a field '%.40s'",
                    field, s.other);
  } else if (s.parts > 1) {
    http_send_error(r, 400, "invalid", field, "the body has more than one field named %s; send one file per request", field);
  } else if (s.too_large) {
    http_send_error(r, 413, "too_large", field, "%s is larger than the limit of %zu bytes", field, max);
  } else if (out->oom) {
    http_send_error(r, 500, "out_of_memory", "", "out of memory reading the upload");
  } else if (ok != MHD_YES) {
    http_send_error(r, 400, "invalid", "body", "the multipart/form-data body is malformed or cut short");
  } else if (s.parts == 0) {
    http_send_error(r, 400, "invalid", field, "the multipart/form-data body has no field named %s", field);
  } else {
    return 0;
  }
  return -1;
}
