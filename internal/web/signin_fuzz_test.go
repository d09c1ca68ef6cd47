package web

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzSignInForm feeds the sign-in form's parser arbitrary bodies. It must
// not panic, must hand back a login only in the stored form (trimmed, lower
// case, valid UTF-8, at most 64 bytes), and must never return a next that
// leaves the site. The seeds run as a normal test; go test -fuzz
// FuzzSignInForm ./internal/web explores further.
func FuzzSignInForm(f *testing.F) {
	for _, body := range []string{
		"login=teacher-user&password=secret&next=%2Fstudents",
		"login=+Teacher-User+&password=+spaces+count+&next=/students?dual=yes&lang=en",
		"login=&password=",
		"password=only",
		"login=a&login=b&password=x&next=/a&next=//b",
		"next=https://evil.example/",
		"next=//evil.example",
		`next=/\evil.example`,
		"next=%2F%5Cevil.example",
		"next=/%2F%2Fevil.example",
		"next=/%2F%2Fevil.example%20x",
		"next=/%2f/evil.example?x=%00",
		"next=/%09/evil.example",
		"next=%09//evil.example",
		"next=/.//evil.example",
		"next=javascript:alert(1)",
		"next=/%0d%0aSet-Cookie:x=y",
		"next=http:/evil.example",
		"next=/students%23%2F%2Fevil",
		"next=" + strings.Repeat("/a", 3000),
		"login=" + strings.Repeat("я", 40) + "&password=x",
		"login=%ff%fe&password=%ff",
		"login=%C4%B0stanbul&password=x",
		"%zz=%zz&login",
		";;;&&&===",
	} {
		f.Add(body)
	}
	f.Fuzz(func(t *testing.T, body string) {
		form, _ := url.ParseQuery(body) // a broken body still yields what parsed
		in := parseSignInForm(form)
		if !isLocalPath(in.Next) {
			t.Fatalf("next %q from %q is not a local path", in.Next, body)
		}
		u, err := url.Parse(in.Next)
		if err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" || !strings.HasPrefix(u.Path, "/") {
			t.Fatalf("next %q from %q parses to %+v (%v)", in.Next, body, u, err)
		}
		if strings.HasPrefix(in.Next, "//") || strings.ContainsAny(in.Next, "\\\t\r\n ") {
			t.Fatalf("next %q from %q could lead a browser elsewhere", in.Next, body)
		}
		if in.Login != "" {
			if !utf8.ValidString(in.Login) || len(in.Login) > maxLoginBytes || in.Login != strings.ToLower(strings.TrimSpace(in.Login)) {
				t.Fatalf("login %q from %q is not normalised", in.Login, body)
			}
		}
		if in.Empty && in.Bad {
			t.Fatalf("%q is both empty and bad", body)
		}
		if !in.Empty && !in.Bad && (in.Login == "" || in.Password == "") {
			t.Fatalf("%q would be sent to sign-in without a login or password", body)
		}
	})
}
