/* hoshi serve: the HTTP server. Signals are taken by the main thread with sigwait so that
 * SIGINT/SIGTERM lead to a clean stop that lets in-flight requests finish. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cert/cert.h"
#include "cli/cli.h"
#include "core/util.h"
#include "feeds/feeds.h"
#include "http/http.h"
#include "jcstar/jcstar.h"
#include "scs/scs.h"
#include "webhook/webhook.h"

#include <pthread.h>

/* Background work of the server, one thread per job with its own connection: rating and
 * JC-STAR label reminders now and then every hour; webhook deliveries every few seconds. */
#define SERVE_REMINDER_INTERVAL_MS (3600L * 1000)
#define SERVE_WEBHOOK_INTERVAL_MS 5000L
#define SERVE_WEBHOOK_INTERVAL_MIN_MS 10L
#define SERVE_WEBHOOK_INTERVAL_MAX_MS (3600L * 1000)
#define SERVE_WEBHOOK_BACKOFF_MAX 16        /* retry delays --webhook-backoff accepts */
#define SERVE_WEBHOOK_BACKOFF_MAX_S 604800  /* one week */
/* Scheduled feed fetching, off unless --fetch-interval is given (seconds). */
#define SERVE_FETCH_INTERVAL_MAX_S 604800L

typedef struct ticker {
  pthread_t thread;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int stop;
  int running;
  const char *db_path;
  const char *what; /* names the job in log lines */
  long interval_ms;
  void (*work)(struct ticker *t, sqlite3 *db);
  const webhook_opts *wh; /* the webhook job's settings */
  const feeds_opts *feeds; /* the feed job's settings */
} ticker;

static int ticker_stopping(ticker *t) {
  pthread_mutex_lock(&t->mu);
  int stop = t->stop;
  pthread_mutex_unlock(&t->mu);
  return stop;
}

static void *ticker_main(void *arg) {
  ticker *t = arg;
  sqlite3 *db = NULL;
  hoshi_error e;
  if (store_connect(t->db_path, &db, &e) != HOSHI_OK) {
    fprintf(stderr, "hoshi: %s disabled: %s\n", t->what, e.message);
    return NULL;
  }
  pthread_mutex_lock(&t->mu);
  while (!t->stop) {
    pthread_mutex_unlock(&t->mu);
    t->work(t, db);
    pthread_mutex_lock(&t->mu);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += t->interval_ms / 1000;
    until.tv_nsec += (t->interval_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
      until.tv_sec++;
      until.tv_nsec -= 1000000000L;
    }
    while (!t->stop && pthread_cond_timedwait(&t->cv, &t->mu, &until) == 0) {
    }
  }
  pthread_mutex_unlock(&t->mu);
  sqlite3_close(db);
  return NULL;
}

static void ticker_start(ticker *t) {
  pthread_mutex_init(&t->mu, NULL);
  pthread_cond_init(&t->cv, NULL);
  t->running = pthread_create(&t->thread, NULL, ticker_main, t) == 0;
  if (!t->running) fprintf(stderr, "hoshi: %s disabled: cannot start a thread\n", t->what);
}

static void ticker_stop(ticker *t) {
  if (t->running) {
    pthread_mutex_lock(&t->mu);
    t->stop = 1;
    pthread_cond_signal(&t->cv);
    pthread_mutex_unlock(&t->mu);
    pthread_join(t->thread, NULL);
  }
  pthread_cond_destroy(&t->cv);
  pthread_mutex_destroy(&t->mu);
}

static void remind(ticker *t, sqlite3 *db) {
  (void)t;
  int made = 0;
  hoshi_error e;
  if (scs_rating_reminders(db, time(NULL), &made, &e) != HOSHI_OK)
    fprintf(stderr, "hoshi: rating reminders failed: %s\n", e.message);
  else if (made)
    fprintf(stderr, "hoshi: %d rating expiry reminder%s written\n", made, made == 1 ? "" : "s");
  made = 0;
  if (jcs_label_reminders(db, time(NULL), &made, &e) != HOSHI_OK)
    fprintf(stderr, "hoshi: label reminders failed: %s\n", e.message);
  else if (made)
    fprintf(stderr, "hoshi: %d label expiry reminder%s written\n", made, made == 1 ? "" : "s");
}

/* One delivery at a time until none is due, so a stop request waits for one request at most
 * (WEBHOOK_TOTAL_TIMEOUT_MS), not for a whole backlog. */
static void deliver(ticker *t, sqlite3 *db) {
  int done = 0;
  hoshi_error e;
  do {
    if (webhook_deliver_due_opts(db, time(NULL), 1, t->wh, &done, &e) != HOSHI_OK) {
      fprintf(stderr, "hoshi: webhook delivery failed: %s\n", e.message);
      return;
    }
  } while (done > 0 && !ticker_stopping(t));
}

static void log_fetch(void *ctx, const char *url, const feeds_result *r) {
  (void)ctx;
  if (r->status == FEEDS_UNCHANGED) return;
  char line[1024];
  cli_feed_line(url, r, line, sizeof line);
  fprintf(stderr, "hoshi: feed %s\n", line);
}

static int ticker_cancelled(void *ctx) { return ticker_stopping(ctx); }

/* Every configured feed once; a failure is logged (without the URL's secrets) and the server
 * goes on. Unchanged feeds are not logged: that would be a line every interval. */
static void fetch_feeds(ticker *t, sqlite3 *db) {
  audit_actor sys = {NULL, "system", ""};
  size_t failed = 0;
  hoshi_error e;
  if (feeds_fetch_all(db, &sys, t->feeds, log_fetch, NULL, &failed, &e) != HOSHI_OK)
    fprintf(stderr, "hoshi: feed fetch failed: %s\n", e.message);
}

/* "60,300,1800" into delays; returns the count, or -1 when malformed or out of range. */
static int parse_backoff(const char *v, int delays[SERVE_WEBHOOK_BACKOFF_MAX]) {
  int n = 0;
  const char *p = v;
  while (*p) {
    char *end = NULL;
    long s = strtol(p, &end, 10);
    if (end == p || s < 1 || s > SERVE_WEBHOOK_BACKOFF_MAX_S || n == SERVE_WEBHOOK_BACKOFF_MAX) return -1;
    delays[n++] = (int)s;
    if (*end == '\0') break;
    if (*end != ',') return -1;
    p = end + 1;
  }
  return n > 0 ? n : -1;
}

static long parse_interval(const char *v) {
  char *end = NULL;
  long ms = strtol(v, &end, 10);
  if (end == v || *end || ms < SERVE_WEBHOOK_INTERVAL_MIN_MS || ms > SERVE_WEBHOOK_INTERVAL_MAX_MS) return -1;
  return ms;
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
           "                   [--max-body BYTES] [--data DIR] [--keys DIR] [--public-url URL]\n"
           "                   [--secure-cookies] [--quiet]\n"
           "                   [--webhook-interval MS] [--webhook-backoff S,S,...] [--webhook-allow-private]\n"
           "                   [--fetch-interval S] [--fetch-allow-http]\n\n"
           "Serves the JSON API under /api/v1/ and the web UI. Defaults: --db var/hoshi.db,\n"
           "--listen 127.0.0.1:8080 (port 0 picks a free port), --threads %d, --max-body %d,\n"
           "--data <database folder>/files (evidence files, stored by SHA-256),\n"
           "--keys <database folder>/keys (certificate signing keys, made on first start),\n"
           "--public-url http://HOST:PORT it listens on (printed in certificates and QR codes).\n"
           "Webhooks: due deliveries are sent every --webhook-interval ms (default %ld, or\n"
           "$HOSHI_WEBHOOK_INTERVAL_MS); failed ones are retried after each delay of --webhook-backoff\n"
           "in seconds (default 60,300,1800,7200,43200), then marked failed. Loopback, private and\n"
           "link-local addresses are refused unless --webhook-allow-private is given.\n"
           "Feeds: with --fetch-interval S, the feeds of `hoshi vuln feed add` are fetched at start and\n"
           "then every S seconds in a background thread (off by default; https only unless\n"
           "--fetch-allow-http); see hoshi vuln --help.\n"
           "SIGINT/SIGTERM finish in-flight requests, then exit 0.\n",
           HTTP_THREADS_DEFAULT, HTTP_BODY_MAX_DEFAULT, SERVE_WEBHOOK_INTERVAL_MS);
    return CLI_OK;
  }
  http_config cfg = {NULL, "127.0.0.1:8080", NULL, HTTP_BODY_MAX_DEFAULT, HTTP_THREADS_DEFAULT, 0, 0, NULL, NULL, NULL};
  const char *db_opt = NULL;
  long wh_interval = SERVE_WEBHOOK_INTERVAL_MS;
  const char *env_interval = getenv("HOSHI_WEBHOOK_INTERVAL_MS");
  if (env_interval && *env_interval && (wh_interval = parse_interval(env_interval)) < 0)
    return cli_error(CLI_USAGE, "serve: HOSHI_WEBHOOK_INTERVAL_MS must be %ld..%ld", SERVE_WEBHOOK_INTERVAL_MIN_MS,
                     SERVE_WEBHOOK_INTERVAL_MAX_MS);
  int wh_delays[SERVE_WEBHOOK_BACKOFF_MAX];
  webhook_opts wh = {NULL, 0, 0};
  long fetch_interval_s = 0;
  feeds_opts fo;
  memset(&fo, 0, sizeof fo);
  for (int i = 1; i < argc; i++) {
    const char *v;
    if ((v = cli_opt(argc, argv, &i, "--db"))) db_opt = v;
    else if ((v = cli_opt(argc, argv, &i, "--listen"))) cfg.listen = v;
    else if ((v = cli_opt(argc, argv, &i, "--web"))) cfg.web_dir = v;
    else if ((v = cli_opt(argc, argv, &i, "--data"))) cfg.data_dir = v;
    else if ((v = cli_opt(argc, argv, &i, "--keys"))) cfg.keys_dir = v;
    else if ((v = cli_opt(argc, argv, &i, "--public-url"))) {
      if ((strncmp(v, "http://", 7) != 0 && strncmp(v, "https://", 8) != 0) || strlen(v) > CERT_URL_MAX)
        return cli_error(CLI_USAGE, "serve: --public-url must start with http:// or https:// and have at most %d bytes",
                         CERT_URL_MAX);
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
    } else if ((v = cli_opt(argc, argv, &i, "--webhook-interval"))) {
      if ((wh_interval = parse_interval(v)) < 0)
        return cli_error(CLI_USAGE, "serve: --webhook-interval must be %ld..%ld milliseconds",
                         SERVE_WEBHOOK_INTERVAL_MIN_MS, SERVE_WEBHOOK_INTERVAL_MAX_MS);
    } else if ((v = cli_opt(argc, argv, &i, "--webhook-backoff"))) {
      if ((wh.n_retry_delays = parse_backoff(v, wh_delays)) < 0)
        return cli_error(CLI_USAGE, "serve: --webhook-backoff must be 1 to %d comma-separated delays of 1..%d seconds",
                         SERVE_WEBHOOK_BACKOFF_MAX, SERVE_WEBHOOK_BACKOFF_MAX_S);
      wh.retry_delays = wh_delays;
    } else if ((v = cli_opt(argc, argv, &i, "--fetch-interval"))) {
      char *end = NULL;
      fetch_interval_s = strtol(v, &end, 10);
      if (end == v || *end || fetch_interval_s < 1 || fetch_interval_s > SERVE_FETCH_INTERVAL_MAX_S)
        return cli_error(CLI_USAGE, "serve: --fetch-interval must be 1..%ld seconds", SERVE_FETCH_INTERVAL_MAX_S);
    } else if (strcmp(argv[i], "--fetch-allow-http") == 0) fo.allow_http = 1;
    else if (strcmp(argv[i], "--webhook-allow-private") == 0) wh.allow_private = 1;
    else if (strcmp(argv[i], "--secure-cookies") == 0) cfg.secure_cookies = 1;
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
  char keys_dir[4096];
  if (cfg.keys_dir == NULL) {
    cli_keys_dir(cfg.db_path, keys_dir, sizeof keys_dir);
    cfg.keys_dir = keys_dir;
  }
  /* A public URL given with a trailing slash would make "//#/verify" in certificates. */
  char public_url[CERT_URL_MAX + 1] = "";
  if (cfg.public_url) {
    snprintf(public_url, sizeof public_url, "%s", cfg.public_url);
    size_t n = strlen(public_url);
    while (n > 0 && public_url[n - 1] == '/') public_url[--n] = '\0';
    cfg.public_url = public_url;
  }

  sqlite3 *db = cli_open_db(db_opt); /* creates and migrates before any thread starts */
  if (db == NULL) return CLI_FAIL;
  int cat = cli_import_catalogs(db, 0);
  /* The JWKS should never be empty: make the first signing key before serving. */
  cert_key key;
  audit_actor sys = {NULL, "system", ""};
  hoshi_error ke;
  int keys_ok = cert_keys_ensure(db, &sys, cfg.keys_dir, &key, &ke) == HOSHI_OK;
  sqlite3_close(db);
  if (cat != 0) return CLI_FAIL;
  if (!keys_ok) return cli_error(CLI_FAIL, "serve: signing keys: %s", ke.message);

  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, NULL); /* server threads inherit the mask */
  signal(SIGPIPE, SIG_IGN);

  http_server srv;
  hoshi_error e;
  if (http_start(&srv, &cfg, &e) != HOSHI_OK) return cli_error(CLI_FAIL, "%s", e.message);
  ticker reminders = {.db_path = cfg.db_path, .what = "rating reminders", .interval_ms = SERVE_REMINDER_INTERVAL_MS,
                      .work = remind};
  ticker webhooks = {.db_path = cfg.db_path, .what = "webhook delivery", .interval_ms = wh_interval,
                     .work = deliver, .wh = &wh};
  char db_dir[4096];
  cli_db_dir(cfg.db_path, db_dir, sizeof db_dir);
  fo.tmp_dir = db_dir;
  ticker fetcher = {.db_path = cfg.db_path, .what = "feed fetch", .interval_ms = fetch_interval_s * 1000,
                    .work = fetch_feeds, .feeds = &fo};
  fo.cancelled = ticker_cancelled;
  fo.ctx = &fetcher;
  ticker_start(&reminders);
  ticker_start(&webhooks);
  if (fetch_interval_s > 0) ticker_start(&fetcher);
  char host[64];
  snprintf(host, sizeof host, "%.*s", (int)(strrchr(cfg.listen, ':') - cfg.listen), cfg.listen);
  printf("hoshi: serving http://%s:%u (database %s, web %s)\n", host, srv.port, cfg.db_path, cfg.web_dir);
  fflush(stdout);
  int sig = 0;
  sigwait(&set, &sig);
  fprintf(stderr, "hoshi: %s received, finishing in-flight requests\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
  http_stop(&srv);
  if (fetch_interval_s > 0) ticker_stop(&fetcher); /* a transfer under way is aborted */
  ticker_stop(&webhooks);
  ticker_stop(&reminders);
  jcs_image_cleanup();
  fprintf(stderr, "hoshi: stopped\n");
  return CLI_OK;
}
