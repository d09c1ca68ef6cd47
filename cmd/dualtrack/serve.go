package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/dualtrack/dualtrack/internal/app"
	"github.com/dualtrack/dualtrack/internal/i18n"
	"github.com/dualtrack/dualtrack/internal/jobs"
	"github.com/dualtrack/dualtrack/internal/metrics"
	"github.com/dualtrack/dualtrack/internal/notify"
	"github.com/dualtrack/dualtrack/internal/server"
	"github.com/dualtrack/dualtrack/internal/store"
)

var serveCommand = command{
	name:    "serve",
	summary: "run the web pages and the JSON API",
	run:     serve,
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", "serve [--addr HOST:PORT] [--admin-addr HOST:PORT|off] [--db PATH|URL] [--demo] [--demo-scale national|small|russia] [--demo-seed N] [--secure-cookies]", stderr)
	addr := fs.String("addr", envOr("DUALTRACK_ADDR", "127.0.0.1:8080"), "address to listen on (env DUALTRACK_ADDR)")
	adminAddr := fs.String("admin-addr", envOr("DUALTRACK_ADMIN_ADDR", defaultAdminAddr),
		"address of the admin listener serving Prometheus metrics at /metrics, loopback only; off to run without it (env DUALTRACK_ADMIN_ADDR)")
	adminAny := fs.Bool("admin-any-address", false,
		"allow a non-loopback --admin-addr: the metrics carry no sign-in, so put a firewall or an authenticating proxy in front")
	db := dbFlag(fs)
	withDemo := fs.Bool("demo", false, "on an empty database, generate the demo dataset first; print the demo sign-ins")
	scale := fs.String("demo-scale", "national", "size of the demo dataset: national, small (1/100 of it) or russia (3.7 million students)")
	seed := fs.Int64("demo-seed", 1, "seed of the demo dataset; the same seed gives the same data")
	secure := fs.Bool("secure-cookies", os.Getenv("DUALTRACK_SECURE_COOKIES") == "1",
		"mark cookies Secure: set when users reach dualtrack over HTTPS, directly or through a proxy (env DUALTRACK_SECURE_COOKIES=1)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *adminAddr != "off" {
		if err := server.CheckAdminAddress(*adminAddr, *adminAny); err != nil {
			return err
		}
	}
	// The default admin port may be taken (a second node on the machine):
	// the node then runs without metrics and says so. An address asked for
	// must be had.
	adminAsked := os.Getenv("DUALTRACK_ADMIN_ADDR") != ""
	fs.Visit(func(f *flag.Flag) { adminAsked = adminAsked || f.Name == "admin-addr" })
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

	var reg *metrics.Registry
	var adminLn net.Listener
	if *adminAddr != "off" {
		if adminLn, err = net.Listen("tcp", *adminAddr); err != nil {
			if adminAsked {
				return fmt.Errorf("admin listener: %w", err)
			}
			log.Warn("running without metrics: the default admin address is taken; choose one with --admin-addr", "addr", *adminAddr, "err", err)
		} else {
			// Closed here if serve fails before serving it (closing twice
			// is harmless).
			defer adminLn.Close()
			reg = metrics.NewRegistry()
		}
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	// Closed here if serve fails before serving it.
	defer ln.Close()
	product, err := app.New(st, app.Options{Log: log, SecureCookies: *secure, Metrics: reg, Node: nodeName(ln)})
	if err != nil {
		return err
	}
	// The catalogs load on first use (other commands never need them); a
	// server loads them now, so a broken one stops it here rather than
	// failing its first request.
	i18n.Keys(i18n.Default)
	url := "http://" + ln.Addr().String()
	log.Info("listening", "url", url)
	fmt.Fprintf(stdout, "\ndualtrack is running at %s\n", url)
	if *withDemo {
		printDemoSignIns(ctx, stdout, st, url)
	}
	if adminLn != nil {
		adminURL := "http://" + adminLn.Addr().String() + "/metrics"
		log.Info("admin listening", "url", adminURL)
		fmt.Fprintf(stdout, "metrics at %s\n", adminURL)
		admin := http.NewServeMux()
		admin.Handle("GET /metrics", reg.Handler())
		// It stops with the node, whether asked to or failing.
		adminCtx, stopAdmin := context.WithCancel(ctx)
		adminDone := make(chan struct{})
		go func() {
			defer close(adminDone)
			adminLog := log.With("listener", "admin")
			if err := server.Serve(adminCtx, server.New(*adminAddr, admin, adminLog), adminLn, adminLog); err != nil {
				adminLog.Error("admin listener stopped", "err", err)
			}
		}()
		defer func() {
			stopAdmin()
			<-adminDone
		}()
	}
	fmt.Fprintln(stdout, "Press Ctrl+C to stop.")

	// Background work: this node takes jobs (the sweeps, the recounts,
	// the imports and the long downloads of any node) and, while it leads,
	// queues the periodic ones for the cluster. It stops before the deferred
	// st.Close, letting running jobs end for a while.
	notifier, err := newNotifier(st)
	if err != nil {
		return err
	}
	runner, err := jobs.New(jobs.Config{Store: st, Log: log, Node: nodeName(ln), Notifications: notifier,
		Imports: product.Imports, Exports: product.Exports})
	if err != nil {
		return err
	}
	if err := runner.Start(ctx); err != nil {
		return err
	}
	st.OnStaleAnalytics = func() {
		if err := runner.RefreshAnalytics(context.WithoutCancel(ctx)); err != nil {
			log.Warn("queueing a recount of the dashboards failed", "err", err)
		}
	}
	defer func() {
		stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		if err := runner.Stop(stopCtx); err != nil {
			log.Warn("stopping the background jobs", "err", err)
		}
	}()
	return server.Serve(ctx, server.New(*addr, product.Handler, log), ln, log)
}

// defaultAdminAddr is where serve's admin listener (metrics) listens
// unless told otherwise: the loopback interface only.
const defaultAdminAddr = "127.0.0.1:9090"

// newNotifier is the notifications' sweep of a serving node: e-mails go
// out over the SMTP server of DUALTRACK_SMTP_ADDR (and _FROM, _USERNAME,
// _PASSWORD) when it is set, in-app notifications always; links in
// e-mails start with DUALTRACK_BASE_URL.
func newNotifier(st *store.Store) (*notify.Notifier, error) {
	var mailer notify.Mailer
	if m := notify.SMTPFromEnv(os.Getenv); m != nil {
		if err := m.Check(); err != nil {
			return nil, fmt.Errorf("%w: %v", errUsage, err)
		}
		mailer = m
	}
	n := notify.New(st, mailer)
	n.BaseURL = os.Getenv("DUALTRACK_BASE_URL")
	return n, nil
}

// nodeName names this node in the jobs' records: the host and the port it
// serves, so that two nodes on one machine are told apart.
func nodeName(ln net.Listener) string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "localhost"
	}
	if a, ok := ln.Addr().(*net.TCPAddr); ok {
		return fmt.Sprintf("%s:%d", host, a.Port)
	}
	return host
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
