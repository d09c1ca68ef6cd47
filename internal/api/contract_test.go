package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// contract is the OpenAPI document as the server serves it, with a router
// that finds the operation of a request. Every response the tests receive
// goes through check, so the document and the code cannot drift apart.
type contract struct {
	doc    *openapi3.T
	router routers.Router
}

// loadContract parses and validates an OpenAPI document.
func loadContract(t *testing.T, data []byte) *contract {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(data)
	if err != nil {
		t.Fatalf("OpenAPI document does not load: %v", err)
	}
	if !doc.IsOpenAPI31OrLater() {
		t.Fatalf("OpenAPI document is version %s, want 3.1", doc.OpenAPI)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("OpenAPI document is invalid: %v", err)
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatalf("OpenAPI router: %v", err)
	}
	return &contract{doc: doc, router: router}
}

// fetchContract loads the document the running program serves, and checks
// that answer against the document too, like every other.
func fetchContract(t *testing.T, baseURL string) *contract {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, baseURL+"/api/openapi.json", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("GET /api/openapi.json: %s, Content-Type %q", resp.Status, resp.Header.Get("Content-Type"))
	}
	c := loadContract(t, body)
	if got := c.check(t, req, resp, body); got.operation != "getOpenAPI" || got.requestErr != nil {
		t.Fatalf("GET /api/openapi.json matched %q (%v), want getOpenAPI", got.operation, got.requestErr)
	}
	return c
}

// checked is what check learned about one exchange.
type checked struct {
	operation  string // operationId, "" when no documented operation matches
	requestErr error  // why the document rejects the request, nil if it accepts it
}

// check validates a request and its response against the document. A
// request the document rejects is reported, not failed, because error
// scenarios send such requests on purpose; a response that breaks the
// document always fails the test. Requests outside every documented path
// (unknown endpoints) must be answered with the Error schema. Every answer
// is JSON but the few the document gives another media type (an image, a
// PDF, CSV) and a 204, which has no body at all. A request with a body
// must carry it in req.GetBody, as http.NewRequest sets it, since sending
// consumed req.Body.
func (c *contract) check(t *testing.T, req *http.Request, resp *http.Response, body []byte) checked {
	t.Helper()
	ctx := context.Background()
	route, pathParams, err := c.router.FindRoute(req)
	ct := resp.Header.Get("Content-Type")
	switch {
	case resp.StatusCode == http.StatusNoContent:
		if ct != "" || len(body) != 0 {
			t.Errorf("204 with Content-Type %q and %d bytes", ct, len(body))
		}
	case ct != "application/json" && (err != nil || !documentsMedia(route, resp.StatusCode, ct)):
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	if errors.Is(err, routers.ErrPathNotFound) || errors.Is(err, routers.ErrMethodNotAllowed) {
		c.checkSchema(t, "Error", body)
		return checked{}
	}
	if err != nil {
		t.Fatalf("find route: %v", err)
	}
	if req.GetBody != nil {
		if req.Body, err = req.GetBody(); err != nil {
			t.Fatal(err)
		}
	}
	in := &openapi3filter.RequestValidationInput{
		Request:    req,
		PathParams: pathParams,
		Route:      route,
		Options:    &openapi3filter.Options{SkipSettingDefaults: true, AuthenticationFunc: bearerPresent},
	}
	out := checked{operation: route.Operation.OperationID, requestErr: openapi3filter.ValidateRequest(ctx, in)}
	err = openapi3filter.ValidateResponse(ctx, &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 resp.StatusCode,
		Header:                 resp.Header,
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	})
	if err != nil {
		t.Errorf("%s %s: response %d breaks the OpenAPI document: %v\nbody: %s", req.Method, req.URL.RequestURI(), resp.StatusCode, err, abbreviate(body))
	}
	return out
}

// documentsMedia reports whether the document gives the answer of route
// with status the media type of contentType (parameters aside).
func documentsMedia(route *routers.Route, status int, contentType string) bool {
	mt, _, _ := strings.Cut(contentType, ";")
	ref := route.Operation.Responses.Status(status)
	if ref == nil || ref.Value == nil {
		return false
	}
	_, ok := ref.Value.Content[strings.TrimSpace(mt)]
	return ok
}

// bearerPresent is how the document's security requirements are checked:
// the request carries a bearer token. Whether the token is valid is the
// server's business; the document only says that one must be sent.
func bearerPresent(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	if in.SecurityScheme.Type != "http" || !strings.EqualFold(in.SecurityScheme.Scheme, "bearer") {
		return fmt.Errorf("security scheme %s: the tests know only http bearer", in.SecuritySchemeName)
	}
	scheme, token, _ := strings.Cut(in.RequestValidationInput.Request.Header.Get("Authorization"), " ")
	if !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return errors.New("no bearer token")
	}
	return nil
}

// checkSchema validates body against a schema of the document's components.
func (c *contract) checkSchema(t *testing.T, name string, body []byte) {
	t.Helper()
	ref := c.doc.Components.Schemas[name]
	if ref == nil || ref.Value == nil {
		t.Fatalf("the document has no schema %s", name)
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Errorf("body is not JSON: %v\n%s", err, abbreviate(body))
		return
	}
	if err := ref.Value.VisitJSON(v, openapi3.EnableJSONSchema2020()); err != nil {
		t.Errorf("body breaks schema %s: %v\n%s", name, err, abbreviate(body))
	}
}

// operations lists the documented operations as ServeMux patterns
// ("GET /api/v1/colleges/{id}") with their operationIds, taking path-level
// servers into account.
func (c *contract) operations() map[string]string {
	out := map[string]string{}
	for path, item := range c.doc.Paths.Map() {
		servers := c.doc.Servers
		if len(item.Servers) > 0 {
			servers = item.Servers
		}
		base := strings.TrimSuffix(servers[0].URL, "/")
		for method, op := range item.Operations() {
			out[method+" "+base+path] = op.OperationID
		}
	}
	return out
}

func abbreviate(b []byte) string {
	if len(b) > 600 {
		return string(b[:600]) + "…"
	}
	return string(b)
}
