/* SQLite connections, migrations, pool and transactions (see store.h). */
#include "store/store.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "store/migrations.h"

hoshi_err store_fail(sqlite3 *db, hoshi_error *e, const char *what) {
  int ext = sqlite3_extended_errcode(db);
  if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
    return hoshi_fail(e, HOSHI_EEXISTS, "", "%s: already exists (%s)", what, sqlite3_errmsg(db));
  return hoshi_fail(e, HOSHI_EDB, "", "%s: %s", what, sqlite3_errmsg(db));
}

static hoshi_err exec(sqlite3 *db, const char *sql, hoshi_error *e) {
  char *msg = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
    hoshi_fail(e, HOSHI_EDB, "", "%s", msg ? msg : sqlite3_errmsg(db));
    sqlite3_free(msg);
    return HOSHI_EDB;
  }
  return HOSHI_OK;
}

hoshi_err store_connect(const char *path, sqlite3 **out, hoshi_error *e) {
  sqlite3 *db = NULL;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
    hoshi_fail(e, HOSHI_EIO, "db", "cannot open database %s: %s", path,
               db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    return HOSHI_EIO;
  }
  sqlite3_busy_timeout(db, STORE_BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes(db, 1);
  /* WAL: readers never block the writer. synchronous=FULL: a commit that returned is on disk
   * even across a power cut, not only a process crash. temp_store=MEMORY: the scratch tables of
   * read queries (the dashboard's shared assessments) never touch the disk. recursive_triggers:
   * a REPLACE fires the DELETE triggers of the row it replaces, so counts kept by triggers
   * (migration 071) stay right whatever statement writes. */
  hoshi_err rc = exec(db,
                      "PRAGMA journal_mode=WAL;"
                      "PRAGMA synchronous=FULL;"
                      "PRAGMA foreign_keys=ON;"
                      "PRAGMA trusted_schema=OFF;"
                      "PRAGMA temp_store=MEMORY;"
                      "PRAGMA recursive_triggers=ON;",
                      e);
  if (rc != HOSHI_OK) {
    sqlite3_close(db);
    return rc;
  }
  *out = db;
  return HOSHI_OK;
}

int store_schema_version(sqlite3 *db) {
  sqlite3_stmt *st = NULL;
  int v = -1;
  if (sqlite3_prepare_v2(db,
                         "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='schema_version'",
                         -1, &st, NULL) != SQLITE_OK)
    return -1;
  if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 0) v = 0;
  sqlite3_finalize(st);
  if (v == 0) return 0;
  if (sqlite3_prepare_v2(db, "SELECT coalesce(max(version),0) FROM schema_version", -1, &st, NULL) != SQLITE_OK)
    return -1;
  if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  return v;
}

hoshi_err store_migrate(sqlite3 *db, hoshi_error *e) {
  hoshi_err rc = exec(db,
                      "CREATE TABLE IF NOT EXISTS schema_version ("
                      " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
                      e);
  if (rc) return rc;
  for (int i = 0; i < store_migration_count; i++) {
    const struct store_migration *m = &store_migrations[i];
    if ((rc = store_begin(db, e)) != HOSHI_OK) return rc;
    /* Re-read inside the write lock: another process may have migrated meanwhile. */
    int current = store_schema_version(db);
    if (current < 0) {
      store_rollback(db);
      return store_fail(db, e, "reading schema_version");
    }
    if (m->version <= current) {
      store_rollback(db);
      continue;
    }
    if ((rc = exec(db, m->sql, e)) != HOSHI_OK) {
      store_rollback(db);
      char why[HOSHI_ERR_MSG_MAX];
      snprintf(why, sizeof why, "%s", e ? e->message : "");
      return hoshi_fail(e, HOSHI_EDB, "", "migration %03d_%s failed: %s", m->version, m->name, why);
    }
    sqlite3_stmt *st = NULL;
    char now[UTIL_TIME_LEN];
    util_now_iso(now);
    if (sqlite3_prepare_v2(db, "INSERT INTO schema_version(version, name, applied_at) VALUES (?,?,?)",
                           -1, &st, NULL) != SQLITE_OK) {
      store_rollback(db);
      return store_fail(db, e, "recording migration");
    }
    sqlite3_bind_int(st, 1, m->version);
    sqlite3_bind_text(st, 2, m->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, now, -1, SQLITE_TRANSIENT);
    int step = sqlite3_step(st);
    sqlite3_finalize(st);
    if (step != SQLITE_DONE) {
      store_rollback(db);
      return store_fail(db, e, "recording migration");
    }
    if ((rc = store_commit(db, e)) != HOSHI_OK) return rc;
  }
  return HOSHI_OK;
}

hoshi_err store_open_migrated(const char *path, sqlite3 **out, hoshi_error *e) {
  sqlite3 *db = NULL;
  hoshi_err rc = store_connect(path, &db, e);
  if (rc) return rc;
  if ((rc = store_migrate(db, e)) != HOSHI_OK) {
    sqlite3_close(db);
    return rc;
  }
  *out = db;
  return HOSHI_OK;
}

hoshi_err store_begin(sqlite3 *db, hoshi_error *e) { return exec(db, "BEGIN IMMEDIATE", e); }

hoshi_err store_commit(sqlite3 *db, hoshi_error *e) {
  hoshi_err rc = exec(db, "COMMIT", e);
  if (rc) store_rollback(db);
  return rc;
}

sqlite3_int64 store_cache_raise(sqlite3 *db, int kib) {
  sqlite3_int64 saved = 0;
  sqlite3_stmt *q = NULL;
  if (sqlite3_prepare_v2(db, "PRAGMA cache_size", -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
    saved = sqlite3_column_int64(q, 0);
  sqlite3_finalize(q);
  char sql[64];
  snprintf(sql, sizeof sql, "PRAGMA cache_size=%d", -kib);
  sqlite3_exec(db, sql, NULL, NULL, NULL);
  return saved;
}

void store_cache_restore(sqlite3 *db, sqlite3_int64 saved) {
  if (saved == 0) return;
  char sql[64];
  snprintf(sql, sizeof sql, "PRAGMA cache_size=%lld", (long long)saved);
  sqlite3_exec(db, sql, NULL, NULL, NULL);
}

void store_rollback(sqlite3 *db) {
  if (!sqlite3_get_autocommit(db)) sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

hoshi_err store_collect(sqlite3 *db, sqlite3_stmt *st, size_t elem, void (*fill)(sqlite3_stmt *st, void *slot),
                        void **out, size_t *n, const char *what, hoshi_error *e) {
  char *arr = NULL;
  size_t cap = 0, count = 0;
  hoshi_err rc = HOSHI_OK;
  int step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    if (count == cap) {
      size_t ncap = cap ? cap * 2 : 16;
      char *p = realloc(arr, ncap * elem);
      if (p == NULL) {
        rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
        break;
      }
      arr = p;
      cap = ncap;
    }
    fill(st, arr + count * elem);
    count++;
  }
  if (rc == HOSHI_OK && step != SQLITE_DONE) rc = store_fail(db, e, what);
  sqlite3_finalize(st);
  if (rc) {
    free(arr);
    arr = NULL;
    count = 0;
  }
  *out = arr;
  *n = count;
  return rc;
}

int store_bind_text(sqlite3_stmt *st, int idx, const char *s) {
  if (s == NULL) return sqlite3_bind_null(st, idx);
  return sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT);
}

const char *store_col_text(sqlite3_stmt *st, int idx) {
  const unsigned char *t = sqlite3_column_text(st, idx);
  return t ? (const char *)t : "";
}

/* ---- pool ---- */

struct store_pool {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int size;
  int nfree;
  sqlite3 *all[STORE_POOL_MAX];
  sqlite3 *free_list[STORE_POOL_MAX];
};

hoshi_err store_pool_open(const char *path, int size, store_pool **out, hoshi_error *e) {
  if (size < 1 || size > STORE_POOL_MAX)
    return hoshi_fail(e, HOSHI_EINVAL, "pool", "pool size must be 1..%d", STORE_POOL_MAX);
  store_pool *p = calloc(1, sizeof *p);
  if (p == NULL) return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  pthread_mutex_init(&p->mu, NULL);
  pthread_cond_init(&p->cv, NULL);
  for (int i = 0; i < size; i++) {
    hoshi_err rc = store_connect(path, &p->all[i], e);
    if (rc) {
      p->size = i;
      store_pool_close(p);
      return rc;
    }
    p->free_list[i] = p->all[i];
  }
  p->size = p->nfree = size;
  *out = p;
  return HOSHI_OK;
}

sqlite3 *store_pool_acquire(store_pool *p) {
  pthread_mutex_lock(&p->mu);
  while (p->nfree == 0) pthread_cond_wait(&p->cv, &p->mu);
  sqlite3 *db = p->free_list[--p->nfree];
  pthread_mutex_unlock(&p->mu);
  return db;
}

void store_pool_release(store_pool *p, sqlite3 *db) {
  if (db == NULL) return;
  store_rollback(db); /* a handler that failed mid-transaction leaves nothing behind */
  pthread_mutex_lock(&p->mu);
  p->free_list[p->nfree++] = db;
  pthread_cond_signal(&p->cv);
  pthread_mutex_unlock(&p->mu);
}

void store_pool_close(store_pool *p) {
  if (p == NULL) return;
  for (int i = 0; i < p->size; i++) sqlite3_close(p->all[i]);
  pthread_mutex_destroy(&p->mu);
  pthread_cond_destroy(&p->cv);
  free(p);
}
