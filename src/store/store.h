/* Database layer: opening SQLite with the settings hoshi relies on (WAL, foreign keys,
 * busy timeout, full sync), applying migrations, a small connection pool for the server's
 * threads, and transaction helpers. Each connection is used by one thread at a time. */
#ifndef HOSHI_STORE_H
#define HOSHI_STORE_H

#include <sqlite3.h>

#include "hoshi/err.h"

/* Busy timeout: how long a writer waits for the write lock before giving up. */
#define STORE_BUSY_TIMEOUT_MS 10000
#define STORE_POOL_MAX 64

/* Opens one connection with hoshi's pragmas. Does not migrate. */
hoshi_err store_connect(const char *path, sqlite3 **out, hoshi_error *e);
/* Applies every migration newer than schema_version, each in its own transaction. */
hoshi_err store_migrate(sqlite3 *db, hoshi_error *e);
/* Highest applied migration version, 0 for an empty database, -1 on error. */
int store_schema_version(sqlite3 *db);
/* Opens, creating parent folders' file if needed, and migrates. */
hoshi_err store_open_migrated(const char *path, sqlite3 **out, hoshi_error *e);

/* BEGIN IMMEDIATE: take the write lock now, so the audit chain sees the latest record. */
hoshi_err store_begin(sqlite3 *db, hoshi_error *e);
hoshi_err store_commit(sqlite3 *db, hoshi_error *e);
void store_rollback(sqlite3 *db);

/* Raises the connection's page cache to kib KiB for a bulk write (random index inserts miss
 * SQLite's 2 MB default cache) and returns the previous setting for store_cache_restore;
 * 0 when it could not be read (then restore does nothing). */
sqlite3_int64 store_cache_raise(sqlite3 *db, int kib);
void store_cache_restore(sqlite3 *db, sqlite3_int64 saved);

/* Fills e from the connection's last error and returns HOSHI_EDB (or EEXISTS for a unique
 * constraint violation). */
hoshi_err store_fail(sqlite3 *db, hoshi_error *e, const char *what);

/* Connection pool: owned by the server; store_pool_close frees connections and pool. */
typedef struct store_pool store_pool;
hoshi_err store_pool_open(const char *path, int size, store_pool **out, hoshi_error *e);
sqlite3 *store_pool_acquire(store_pool *p);
void store_pool_release(store_pool *p, sqlite3 *db);
void store_pool_close(store_pool *p);

/* Steps st to its end and collects one element of elem bytes per row, filled by fill(st, slot),
 * into a malloc'd array (*out, *n; the caller frees *out). Finalizes st. On failure *out is
 * NULL and *n 0. */
hoshi_err store_collect(sqlite3 *db, sqlite3_stmt *st, size_t elem, void (*fill)(sqlite3_stmt *st, void *slot),
                        void **out, size_t *n, const char *what, hoshi_error *e);

/* Binds a text value or NULL. */
int store_bind_text(sqlite3_stmt *st, int idx, const char *s);
/* Column text as a non-NULL C string (empty for NULL). */
const char *store_col_text(sqlite3_stmt *st, int idx);

#endif
