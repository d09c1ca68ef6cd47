package demo

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/refdata"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

type timed struct {
	Loader
	last time.Time
}

func TestZZPG(t *testing.T) {
	for _, db := range testkit.Databases {
		st := testkit.OpenStore(t, db.DSN(t))
		start := time.Now()
		last := start
		var lastDone int64
		_, err := Generate(context.Background(), st, refdata.All(), Options{Scale: ScaleSmall, Seed: 1, Progress: func(done, total int64) {
			if d := time.Since(last); d > 300*time.Millisecond {
				fmt.Printf("%s: %d rows in %s\n", db.Name, done-lastDone, d)
			}
			last, lastDone = time.Now(), done
		}})
		fmt.Println(db.Name, time.Since(start), err)
	}
}
