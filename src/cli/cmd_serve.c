/* hoshi serve: the HTTP server. Signals are taken by the main thread with sigwait so that
 * SIGINT/SIGTERM lead to a clean stop that lets in-flight requests finish. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "core/util.h"
#include "http/http.h"
#include "jcstar/jcstar.h"
#include "scs/scs.h"

#include <pthread.h>

/* Background work of the server: rating and label reminders now and then every hour. */
#define SERVE_REMINDER_INTERVAL_S 3600

typedef struct ticker {
  pthread_t thread;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int stop;
  const char *db_path;
} ticker;

static void *ticker_main(void *arg) {
  ticker *t = arg;
  sqlite3 *db = NULL;
  hoshi_error e;
  if (store_connect(t->db_path, &db, &e) != HOSHI_OK) {
    fprintf(stderr, "hoshi: reminders disabled: %s\n", e.message);
    return NULL;
  }
  pthread_mutex_lock(&t->mu);
  while (!t->stop) {
    pthread_mutex_unlock(&t->mu);
    int made = 0;
    if (scs_rating_reminders(db, time(NULL), &made, &e) != HOSHI_OK)
      fprintf(stderr, "hoshi: rating reminders failed: %s\n", e.message);
    else if (made)
      fprintf(stderr, "hoshi: %d rating expiry reminder%s written\n", made, made == 1 ? "" : "s");
    made = 0;
    if (jcs_label_reminders(db, time(NULL), &made, &e) != HOSHI_OK)
      fprintf(stderr, "hoshi: label reminders failed: %s\n", e.message);
    else if (made)
      fprintf(stderr, "hoshi: %d label expiry reminder%s written\n", made, made == 1 ? "" : "s");
    pthread_mutex_lock(&t->mu);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += SERVE_REMINDER_INTERVAL_S;
    while (!t->stop && pthread_cond_timedwait(&t->cv, &t->mu, &until) == 0) {
    }
  }
  pthread_mutex_unlock(&t->mu);
  sqlite3_close(db);
  return NULL;
}

static const char *default_web_dir(void) {
  const char *env = getenv("HOSHI_WEB");
  if (env && *env) return env;
  static char path[4096];
  struct stat st;
  snprintf(path, sizeof path, "%s/web", HOSHI_SOURCE_DIR);
  if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) return path;
  return "web";
}

int cmd_serve(int argc, char **argv) {
  if (cli_wants_help(argc, argv)) {
    printf("usage: hoshi serve [--db PATH] [--listen HOST:PORT] [--web DIR] [--threads N]\n"
           "                   [--max-body BYTES] [--data DIR] [--public-url URL] [--secure-cookies] [--quiet]\n\n"
           "Serves the JSON API under /api/v1/ and the web UI. Defaults: --db var/hoshi.db,\n"
           "--listen 127.0.0.1:8080 (port 0 picks a free port), --threads %d, --max-body %d,\n"
           "--data <database folder>/files (evidence files, stored by SHA-256),\n"
           "--public-url http://HOST:PORT (the base of public links, e.g. label QR codes).\n"
           "SIGINT/SIGTERM finish in-flight requests, then exit 0.\n",
           HTTP_THREADS_DEFAULT, HTTP_BODY_MAX_DEFAULT);
    return CLI_OK;
  }
  http_config cfg = {NULL, "127.0.0.1:8080", NULL, HTTP_BODY_MAX_DEFAULT, HTTP_THREADS_DEFAULT, 0, 0, NULL, NULL};
  const char *db_opt = NULL;
  for (int i = 1; i < argc; i++) {
    const char *v;
    if ((v = cli_opt(argc, argv, &i, "--db"))) db_opt = v;
    else if ((v = cli_opt(argc, argv, &i, "--listen"))) cfg.listen = v;
    else if ((v = cli_opt(argc, argv, &i, "--web"))) cfg.web_dir = v;
    else if ((v = cli_opt(argc, argv, &i, "--data"))) cfg.data_dir = v;
    else if ((v = cli_opt(argc, argv, &i, "--public-url"))) {
      if (strncmp(v, "https://", 8) != 0 && strncmp(v, "http://", 7) != 0)
        return cli_error(CLI_USAGE, "serve: --public-url must start with https:// or http://; got '%s'", v);
      if (strlen(v) > 400) return cli_error(CLI_USAGE, "serve: --public-url is longer than 400 bytes");
      cfg.public_url = v;
    }
    else if ((v = cli_opt(argc, argv, &i, "--threads"))) {
      cfg.threads = atoi(v);
      if (cfg.threads < 1 || cfg.threads > STORE_POOL_MAX - 2)
        return cli_error(CLI_USAGE, "serve: --threads must be 1..%d", STORE_POOL_MAX - 2);
    } else if ((v = cli_opt(argc, argv, &i, "--max-body"))) {
      long long n = atoll(v);
      if (n < 1024 || n > 1024LL * 1024 * 1024)
        return cli_error(CLI_USAGE, "serve: --max-body must be 1024..1073741824 bytes");
      cfg.body_max = (size_t)n;
    } else if (strcmp(argv[i], "--secure-cookies") == 0) cfg.secure_cookies = 1;
    else if (strcmp(argv[i], "--quiet") == 0) cfg.quiet = 1;
    else return cli_error(CLI_USAGE, "serve: unexpected argument '%s' (see hoshi serve --help)", argv[i]);
  }
  cfg.db_path = cli_db_path(db_opt);
  if (cfg.web_dir == NULL) cfg.web_dir = default_web_dir();
  char data_dir[4096];
  if (cfg.data_dir == NULL) {
    cli_data_dir(cfg.db_path, data_dir, sizeof data_dir);
    cfg.data_dir = data_dir;
  }

  sqlite3 *db = cli_open_db(db_opt); /* creates and migrates before any thread starts */
  if (db == NULL) return CLI_FAIL;
  int cat = cli_import_catalogs(db, 0);
  sqlite3_close(db);
  if (cat != 0) return CLI_FAIL;

  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, NULL); /* server threads inherit the mask */
  signal(SIGPIPE, SIG_IGN);

  http_server srv;
  hoshi_error e;
  if (http_start(&srv, &cfg, &e) != HOSHI_OK) return cli_error(CLI_FAIL, "%s", e.message);
  ticker tick = {.stop = 0, .db_path = cfg.db_path};
  pthread_mutex_init(&tick.mu, NULL);
  pthread_cond_init(&tick.cv, NULL);
  int ticking = pthread_create(&tick.thread, NULL, ticker_main, &tick) == 0;
  char host[64];
  snprintf(host, sizeof host, "%.*s", (int)(strrchr(cfg.listen, ':') - cfg.listen), cfg.listen);
  printf("hoshi: serving http://%s:%u (database %s, web %s)\n", host, srv.port, cfg.db_path, cfg.web_dir);
  fflush(stdout);
  int sig = 0;
  sigwait(&set, &sig);
  fprintf(stderr, "hoshi: %s received, finishing in-flight requests\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
  http_stop(&srv);
  if (ticking) {
    pthread_mutex_lock(&tick.mu);
    tick.stop = 1;
    pthread_cond_signal(&tick.cv);
    pthread_mutex_unlock(&tick.mu);
    pthread_join(tick.thread, NULL);
  }
  jcs_image_cleanup();
  fprintf(stderr, "hoshi: stopped\n");
  return CLI_OK;
}
