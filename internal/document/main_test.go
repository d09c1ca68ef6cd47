package document_test

import (
	"testing"

	"github.com/dualtrack/dualtrack/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }
