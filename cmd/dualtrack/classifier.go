package main

import (
	"context"
	"errors"
	"io"
)

var classifierCommand = command{
	name:    "classifier",
	summary: "import the official classifier of specialties and qualifications (CSV or XLSX)",
	run: func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
		return errors.New("not yet built")
	},
}
