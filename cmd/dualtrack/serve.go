package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"

	"github.com/dualtrack/dualtrack/internal/app"
	"github.com/dualtrack/dualtrack/internal/server"
)

var serveCommand = command{
	name:    "serve",
	summary: "run the web pages and the JSON API",
	run:     serve,
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", "serve [--addr HOST:PORT] [--db PATH|URL] [--demo] [--demo-scale national|small] [--demo-seed N]", stderr)
	addr := fs.String("addr", envOr("DUALTRACK_ADDR", "127.0.0.1:8080"), "address to listen on (env DUALTRACK_ADDR)")
	db := dbFlag(fs)
	withDemo := fs.Bool("demo", false, "on an empty database, generate the demo dataset first")
	scale := fs.String("demo-scale", "national", "size of the demo dataset: national or small")
	seed := fs.Int64("demo-seed", 1, "seed of the demo dataset; the same seed gives the same data")
	if err := parse(fs, args); err != nil {
		return err
	}
	log := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: logLevel()}))
	slog.SetDefault(log)

	st, err := openMigrated(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	log.Info("database ready", "dialect", st.Dialect(), "db", redact(*db))

	if *withDemo {
		counts, err := st.Counts(ctx)
		if err != nil {
			return err
		}
		if counts.Colleges == 0 {
			if err := generateDemo(ctx, st, *scale, *seed, stdout, stderr); err != nil {
				return err
			}
		} else {
			log.Info("demo data skipped: the database already holds a registry", "colleges", counts.Colleges)
		}
	}

	handler, err := app.Handler(st, log)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	url := "http://" + ln.Addr().String()
	log.Info("listening", "url", url)
	fmt.Fprintf(stdout, "\ndualtrack is running at %s\n", url)
	if *withDemo {
		printDemoSignIns(stdout, url)
	}
	fmt.Fprintln(stdout, "Press Ctrl+C to stop.")
	return server.Serve(ctx, server.New(*addr, handler, log), ln, log)
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// logLevel reads DUALTRACK_LOG_LEVEL (debug, info, warn, error).
func logLevel() slog.Level {
	var l slog.Level
	if err := l.UnmarshalText([]byte(os.Getenv("DUALTRACK_LOG_LEVEL"))); err != nil {
		return slog.LevelInfo
	}
	return l
}
