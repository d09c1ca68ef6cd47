package api

import (
	_ "embed"
	"net/http"
	"strconv"
)

// openAPIDocument is the hand-written OpenAPI 3.1 description of this
// package's endpoints. It is a contract written apart from the code on
// purpose: the tests validate every real response against it, so the two
// cannot drift without a test failing.
//
//go:embed openapi.json
var openAPIDocument []byte

// serveOpenAPI answers GET /api/openapi.json.
func serveOpenAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(openAPIDocument)))
	w.Write(openAPIDocument)
	return nil
}
