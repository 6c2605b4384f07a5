package core_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/flexport-go/flexport/auth"
	"github.com/flexport-go/flexport/core"
	"github.com/flexport-go/flexport/internal/testutil"
	"github.com/flexport-go/flexport/logistics"
)

// TestHardening03PresignedURLsNotLogged downloads a document that Flexport
// redirects to a pre-signed storage URL, with a debug logger: no signature
// or security token of the storage URL reaches the log, and on the API host
// only allow-listed query values are shown.
func TestHardening03PresignedURLsNotLogged(t *testing.T) {
	secrets := []string{"FwoGZXIvYXdzEXAMPLESESSIONTOKEN", "4f2a9c0d1e8b7a6f5e4d3c2b1a0f9e8d", "sv-sig-0xDEADBEEF", "AKIAEXAMPLEKEYID"}
	storage := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		io.WriteString(w, "%PDF-1.4")
	}))
	defer storage.Close()
	presigned := storage.URL + "/bucket/doc.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=" + secrets[3] +
		"%2F20250301%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Security-Token=" + secrets[0] +
		"&X-Amz-Signature=" + secrets[1] + "&sig=" + secrets[2]
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/documents/d1/download":
			http.Redirect(w, r, presigned, http.StatusFound)
		default:
			io.WriteString(w, `{"data":{"_object":"/api/collections/paginated","data":[]}}`)
		}
	}))
	defer api.Close()
	var logs testutil.SyncBuffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, err := core.NewClient(core.WithBaseURL(api.URL), core.WithAPIKey("k"), core.WithLogger(logger))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := c.Documents.Download(context.Background(), "d1")
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, doc)
	doc.Close()
	// On the API host: page and per are harmless, an unknown parameter is not.
	for _, err := range c.Shipments.List(context.Background(), nil,
		core.WithQuery("per", "5"), core.WithQuery("signature", "api-host-sig-SECRET"), core.WithQuery("f.status", "active")) {
		if err != nil {
			t.Fatal(err)
		}
	}
	out := logs.String()
	if !strings.Contains(out, "/bucket/doc.pdf") {
		t.Fatalf("no log record of the storage request:\n%s", out)
	}
	for _, s := range append(secrets, "api-host-sig-SECRET") {
		if strings.Contains(out, s) {
			t.Errorf("log carries %q:\n%s", s, out)
		}
	}
	if strings.Contains(out, "doc.pdf?") {
		t.Errorf("the storage URL was logged with a query:\n%s", out)
	}
	for _, want := range []string{"per=5", "f.status=active"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks the harmless %q:\n%s", want, out)
		}
	}
}

// TestHardening11NoSecretPrefixInErrors has the API echo the credential
// after enough text that a 200-character cut falls inside it: no error shows
// 8 or more of the credential's leading characters.
func TestHardening11NoSecretPrefixInErrors(t *testing.T) {
	const key = "fpk_live_0123456789abcdefghijklmnopqr" // 37 characters
	if len(key) != 37 {
		t.Fatalf("key has %d characters", len(key))
	}
	filler := strings.Repeat("x", 185)
	bodies := []struct{ name, ctype, body string }{
		{"text", "text/plain", "invalid credential " + filler[:165] + " " + key + " rejected"},
		{"html", "text/html", "<html><body><p>" + filler + " " + key + "</p></body></html>"},
		{"json code", "application/json", `{"error":{"status":400,"code":"` + filler + key + `","message":"m"}}`},
		{"problem title", "application/problem+json", `{"title":"` + filler + key + `","status":400}`},
		// The key straddles the 64 KiB an HTML page is scanned for its text.
		{"html split at the scan boundary", "text/html", strings.Repeat("<i>", (64<<10-12)/3) + key + "</i>"},
	}
	for _, b := range bodies {
		t.Run(b.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", b.ctype)
				w.WriteHeader(http.StatusBadRequest)
				io.WriteString(w, b.body)
			}))
			defer srv.Close()
			cc, err := core.NewClient(core.WithBaseURL(srv.URL), core.WithAPIKey(key))
			if err != nil {
				t.Fatal(err)
			}
			lc, err := logistics.NewClient(logistics.WithBaseURL(srv.URL), logistics.WithToken(key))
			if err != nil {
				t.Fatal(err)
			}
			_, coreErr := cc.Shipments.Get(context.Background(), 1)
			_, logErr := lc.Orders.Get(context.Background(), "o1")
			for _, err := range []error{coreErr, logErr} {
				if err == nil {
					t.Fatal("want an error")
				}
				for _, text := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
					if p := leakedPrefix(text, key); p != "" {
						t.Errorf("error shows %d leading characters of the key (%q): %s", len(p), p, text)
					}
				}
			}
		})
	}
}

// leakedPrefix returns the longest prefix of secret, 8 characters or more,
// that text contains, or "".
func leakedPrefix(text, secret string) string {
	for n := len(secret); n >= 8; n-- {
		if strings.Contains(text, secret[:n]) {
			return secret[:n]
		}
	}
	return ""
}

// credentialHolder holds credentials and clients the ways an application
// might: exported and unexported, values and pointers.
type credentialHolder struct {
	creds     auth.ClientCredentials
	Creds     auth.ClientCredentials
	credsPtr  *auth.ClientCredentials
	key       auth.StaticTokenSource
	Key       *auth.StaticTokenSource
	client    *core.Client
	logistics *logistics.Client
	opts      []core.Option
	inner     struct{ cc auth.ClientCredentials }
}

// TestHardening12FormattingNeverShowsSecrets hands credentials to clients
// and formats values holding them with every verb and through slog.
func TestHardening12FormattingNeverShowsSecrets(t *testing.T) {
	const (
		secret = "cs_FORMAT_SECRET_0123456789"
		apiKey = "fpk_live_FORMAT_KEY_0123456789"
		token  = "lgx_FORMAT_TOKEN_0123456789"
	)
	h := &credentialHolder{
		creds:    auth.ClientCredentials{ClientID: "id1", ClientSecret: secret, TokenURL: "https://127.0.0.1/oauth/token"},
		Creds:    auth.ClientCredentials{ClientID: "id2", ClientSecret: secret},
		credsPtr: &auth.ClientCredentials{ClientID: "id3", ClientSecret: secret},
		key:      *auth.APIKey(apiKey),
		Key:      auth.APIKey(apiKey),
	}
	h.inner.cc = auth.ClientCredentials{ClientID: "id4", ClientSecret: secret}
	var err error
	for _, cc := range []*auth.ClientCredentials{&h.creds, &h.Creds, h.credsPtr, &h.inner.cc} {
		h.opts = []core.Option{core.WithBaseURL("https://127.0.0.1"), core.WithClientCredentials(cc)}
		if h.client, err = core.NewClient(h.opts...); err != nil {
			t.Fatal(err)
		}
	}
	if _, err = core.NewClient(core.WithAPIKey(apiKey)); err != nil {
		t.Fatal(err)
	}
	if h.logistics, err = logistics.NewClient(logistics.WithToken(token)); err != nil {
		t.Fatal(err)
	}
	values := map[string]any{"holder": h, "*holder": *h, "client": h.client, "logistics": h.logistics, "inner": h.inner}
	var logs testutil.SyncBuffer
	text := slog.New(slog.NewTextHandler(&logs, nil))
	jsonl := slog.New(slog.NewJSONHandler(&logs, nil))
	var outputs []string
	for name, v := range values {
		for _, verb := range testutil.FormatVerbs {
			outputs = append(outputs, name+" "+verb+": "+fmt.Sprintf(verb, v))
		}
		text.Info("value", "v", v)
		jsonl.Info("value", "v", v)
	}
	outputs = append(outputs, "slog: "+logs.String())
	for _, out := range outputs {
		for _, s := range []string{secret, apiKey, token} {
			if testutil.ShowsSecret(out, s) {
				t.Errorf("%s shows a secret: %s", strings.SplitN(out, ":", 2)[0], out)
			}
		}
	}
}
