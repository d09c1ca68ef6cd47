package main

import (
	"context"
	"errors"
	"io"
)

var demoCommand = command{
	name:    "demo",
	summary: "generate the demo dataset (national or small) into an empty database",
	run: func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
		return errors.New("not yet built")
	},
}

// generateDemo fills an empty registry with the demo dataset, drawing a
// progress bar on a terminal.
func generateDemo(ctx context.Context, st any, scale string, seed int64, stderr io.Writer) error {
	return errors.New("not yet built")
}

// printDemoSignIns tells who to sign in as once accounts exist.
func printDemoSignIns(w io.Writer) {}
