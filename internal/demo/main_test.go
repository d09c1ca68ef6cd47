package demo

import (
	"testing"

	"github.com/dualtrack/dualtrack/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }
