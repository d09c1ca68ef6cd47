package main

import (
	"context"
	"fmt"
	"io"

	"github.com/dualtrack/dualtrack/internal/refdata"
	"github.com/dualtrack/dualtrack/internal/store"
)

var migrateCommand = command{
	name:    "migrate",
	summary: "apply database migrations and load the reference data",
	run: func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
		fs := newFlags("migrate", "migrate [--db PATH|URL] [--status]", stderr)
		db := dbFlag(fs)
		status := fs.Bool("status", false, "list migrations and whether each is applied, change nothing")
		if err := parse(fs, args); err != nil {
			return err
		}
		st, err := store.Open(ctx, *db)
		if err != nil {
			return err
		}
		defer st.Close()
		if *status {
			lines, err := st.MigrationStatus(ctx)
			if err != nil {
				return err
			}
			for _, l := range lines {
				fmt.Fprintln(stdout, l)
			}
			return nil
		}
		if err := st.Migrate(ctx, refdata.All()); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "migrated %s database %s\n", st.Dialect(), redact(*db))
		return nil
	},
}

// openMigrated opens the database and brings it up to date, as every
// command that uses the registry does.
func openMigrated(ctx context.Context, dsn string) (*store.Store, error) {
	st, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if err := st.Migrate(ctx, refdata.All()); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}
