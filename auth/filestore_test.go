package auth_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/flexport-go/flexport/auth"
	"github.com/flexport-go/flexport/internal/testutil/storetest"
	"github.com/google/go-cmp/cmp"
)

func TestFileStoreAcrossProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping: starts child processes")
	}
	storetest.AcrossProcesses(t, 4, "TestHelperProcess", helperEnv+"=file", helperStoreEnv+"="+t.TempDir())
}

func TestFileStoreFiles(t *testing.T) {
	srv := newTokenServer(t, nil)
	dir := filepath.Join(t.TempDir(), "new", "tokens")
	store, err := auth.NewFileStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := credentials(srv, nil, store).TokenSource().Token(); err != nil {
		t.Fatal(err)
	}

	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o700 {
		t.Errorf("directory mode = %v, want 0700", fi.Mode().Perm())
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range entries {
		name := e.Name()
		if strings.Contains(name, testClientID) || strings.Contains(name, testClientSecret) {
			t.Errorf("file name %q reveals the credential", name)
		}
		kind, _, _ := strings.Cut(name, "-")
		kinds = append(kinds, kind)
		fi, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode = %v, want 0600", name, fi.Mode().Perm())
		}
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(data), testClientSecret) {
			t.Errorf("%s holds the client secret", name)
		}
	}
	// One credential: a budget file, a lock file and a token file, and no
	// temporary file left behind.
	if diff := cmp.Diff([]string{"budget", "lock", "token"}, kinds); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
}

func TestFileStoreIgnoresBadTokenFile(t *testing.T) {
	tests := []struct {
		name    string
		spoil   func(path string) error
		wantLog string
	}{
		{"corrupt", func(path string) error { return os.WriteFile(path, []byte("{not json"), 0o600) }, "corrupt token cache file"},
		{"empty", func(path string) error { return os.WriteFile(path, nil, 0o600) }, "corrupt token cache file"},
		{"readable by others", func(path string) error { return os.Chmod(path, 0o644) }, "readable or writable by others"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if runtime.GOOS == "windows" && tt.name == "readable by others" {
				t.Skip("file modes are not checked on Windows")
			}
			srv := newTokenServer(t, nil)
			dir := t.TempDir()
			logger, logs := newLogger()
			store, err := auth.NewFileStore(dir, auth.WithLogger(logger))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := credentials(srv, nil, store).TokenSource().Token(); err != nil {
				t.Fatal(err)
			}
			paths, _ := filepath.Glob(filepath.Join(dir, "token-*.json"))
			if len(paths) != 1 {
				t.Fatalf("token files: %q", paths)
			}
			if err := tt.spoil(paths[0]); err != nil {
				t.Fatal(err)
			}

			// A new process (a new source) warns and requests a fresh token.
			tok, err := credentials(srv, nil, store).TokenSource().Token()
			if err != nil {
				t.Fatal(err)
			}
			if tok.AccessToken != "token-2" {
				t.Errorf("token = %q, want token-2", tok.AccessToken)
			}
			if !strings.Contains(logs.String(), tt.wantLog) {
				t.Errorf("log %q does not contain %q", logs, tt.wantLog)
			}
			if strings.Contains(logs.String(), `"token-1"`) {
				t.Errorf("log %q shows the token", logs)
			}
			// The budget file was intact: both requests count.
			rec, err := store.Load(context.Background(), keyOf(t, dir))
			if err != nil {
				t.Fatal(err)
			}
			if len(rec.Requests) != 2 {
				t.Errorf("requests recorded = %d, want 2", len(rec.Requests))
			}
		})
	}
}

func TestFileStoreCorruptBudgetFile(t *testing.T) {
	srv := newTokenServer(t, nil)
	dir := t.TempDir()
	logger, logs := newLogger()
	store, err := auth.NewFileStore(dir, auth.WithLogger(logger))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := credentials(srv, nil, store).TokenSource().Token(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "budget-"+keyOf(t, dir)+".json"), []byte("garbage"), 0o600); err != nil {
		t.Fatal(err)
	}

	// The token file is intact: a new source uses it, with a warning.
	tok, err := credentials(srv, nil, store).TokenSource().Token()
	if err != nil {
		t.Fatal(err)
	}
	if tok.AccessToken != "token-1" || srv.requests.Load() != 1 {
		t.Errorf("got %q after %d requests, want token-1 after 1", tok.AccessToken, srv.requests.Load())
	}
	if !strings.Contains(logs.String(), "corrupt token budget file") {
		t.Errorf("log %q has no warning", logs)
	}
}

func TestFileStoreLock(t *testing.T) {
	store, err := auth.NewFileStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	storetest.Lock(t, store)
}

func TestMemoryStoreLock(t *testing.T) {
	storetest.Lock(t, auth.NewMemoryStore())
}

func TestFileStoreRoundTrip(t *testing.T) {
	store, err := auth.NewFileStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	storetest.RoundTrip(t, store)
}

func TestMemoryStoreRoundTrip(t *testing.T) {
	storetest.RoundTrip(t, auth.NewMemoryStore())
}

// keyOf returns the store key of the one credential in dir.
func keyOf(t *testing.T, dir string) string {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join(dir, "budget-*.json"))
	if len(paths) != 1 {
		t.Fatalf("budget files: %q", paths)
	}
	return strings.TrimSuffix(strings.TrimPrefix(filepath.Base(paths[0]), "budget-"), ".json")
}
