package importjob_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/internal/access"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/importjob"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// TestRunImport runs uploads as their background job does, on both
// databases: a clean dry run keeps its file in the database for the real
// import; a file with problems is the job's final word (not to be tried
// again) and its upload goes; a user disabled since the upload imports
// nothing.
func TestRunImport(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		u := testkit.NewUser(t, st, domain.User{Role: domain.RoleMinistry})
		as := testkit.As(u)
		r := importjob.New(importjob.Config{Store: st, Files: st, Users: st, Imports: access.NewImports(st), Node: "n1",
			Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
		bin, _ := domain.CompleteIdentifier("99034000101")
		upload := func(content string) domain.ImportJob {
			t.Helper()
			name, size, err := r.Save(as, strings.NewReader(content))
			if err != nil {
				t.Fatal(err)
			}
			j := domain.ImportJob{UserID: u.ID, Kind: domain.ImportColleges, FileName: "colleges.csv", FileSize: size, DryRun: true,
				Node: r.Node(), Upload: name}
			if err := st.CreateImportJob(ctx, &j); err != nil {
				t.Fatal(err)
			}
			return j
		}
		kept := func(j domain.ImportJob) bool {
			t.Helper()
			var b bytes.Buffer
			err := st.CopyFile(ctx, mustID(t, j.Upload), &b)
			if err != nil && domain.ErrorCode(err) != domain.ENOTFOUND {
				t.Fatal(err)
			}
			return err == nil
		}

		clean := upload("bin,name_kk,name_ru,region,city,ownership\n" + bin + ",Сынақ колледжі,Тестовый колледж,75,,state\n")
		if err := r.RunImport(ctx, clean.ID, false); err != nil {
			t.Fatalf("a clean dry run: %v", err)
		}
		got, _ := st.ImportJob(ctx, clean.ID)
		if !got.Clean() || got.Rows != 1 || got.Upload != clean.Upload || !kept(clean) {
			t.Errorf("a clean dry run: %+v, file kept %v", got, kept(clean))
		}
		// A second run of a finished job (an attempt that ended after
		// recording it) changes nothing.
		if err := r.RunImport(ctx, clean.ID, false); err != nil {
			t.Errorf("a finished job run again: %v", err)
		}

		wrong := upload("what,is,this\n1,2,3\n")
		err := r.RunImport(ctx, wrong.ID, false)
		if code := domain.ErrorCode(err); code != domain.EINVALID {
			t.Errorf("a file with problems: %v (code %q), want a final EINVALID", err, code)
		}
		got, _ = st.ImportJob(ctx, wrong.ID)
		if got.Status != domain.ImportDone || got.ProblemTotal == 0 || got.Upload != "" || kept(wrong) {
			t.Errorf("a file with problems: %+v, file kept %v", got, kept(wrong))
		}

		late := upload("bin,name_kk,name_ru,region,city,ownership\n")
		u.Disabled = true
		if err := st.UpdateUser(domain.WithActor(ctx, domain.System), &u); err != nil {
			t.Fatal(err)
		}
		err = r.RunImport(ctx, late.ID, false)
		got, _ = st.ImportJob(ctx, late.ID)
		if domain.ErrorCode(err) != domain.EUNAUTHORIZED || got.Status != domain.ImportFailed || got.ErrorKey != "error.signin.required" {
			t.Errorf("a disabled user's upload: %v, %+v", err, got)
		}
	})
}

func mustID(t *testing.T, s string) int64 {
	t.Helper()
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatalf("upload %q is not a file's ID", s)
	}
	return id
}
