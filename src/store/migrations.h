/* The SQL migrations compiled into the binary (generated from the .sql files in src/store/migrations).
 * A name ending in ".sqlite" holds SQLite-only statements (triggers); the PostgreSQL backend
 * will carry its own file with the same number. */
#ifndef HOSHI_STORE_MIGRATIONS_H
#define HOSHI_STORE_MIGRATIONS_H

struct store_migration {
  int version;
  const char *name;
  const char *sql;
};

extern const struct store_migration store_migrations[];
extern const int store_migration_count;

#endif
