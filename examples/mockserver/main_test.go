package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/flexport-go/flexport/internal/fakeapi/fakeapitest"
)

// binary builds the command once per test run.
var binary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "mockserver-test")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "mockserver")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		return "", errors.New(string(out))
	}
	return bin, nil
})

func TestMain(m *testing.M) {
	code := m.Run()
	if bin, err := binary(); err == nil {
		os.RemoveAll(filepath.Dir(bin))
	}
	os.Exit(code)
}

var banner = regexp.MustCompile(`^mockserver listening on (http://127\.0\.0\.1:\d+) core-api-key=(\S+) logistics-token=(\S+) client-id=(\S+) client-secret=(\S+)$`)

// server is a running mockserver process.
type server struct {
	cmd                                *exec.Cmd
	url, apiKey, token, client, secret string
	lines                              chan string // the output after the banner
}

func start(t *testing.T, args ...string) *server {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the test stops the process with SIGINT and SIGTERM")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command to build mockserver")
	}
	bin, err := binary()
	if err != nil {
		t.Fatalf("go build: %v", err)
	}
	cmd := exec.Command(bin, append([]string{"-addr", "127.0.0.1:0"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	sc := bufio.NewScanner(stdout)
	first := make(chan string, 1)
	s := &server{cmd: cmd, lines: make(chan string, 1000)}
	go func() {
		if sc.Scan() {
			first <- sc.Text()
		}
		close(first)
		for sc.Scan() {
			s.lines <- sc.Text()
		}
		close(s.lines)
	}()
	select {
	case line := <-first:
		m := banner.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("first line %q does not name the address and credentials", line)
		}
		s.url, s.apiKey, s.token, s.client, s.secret = m[1], m[2], m[3], m[4], m[5]
	case <-time.After(60 * time.Second):
		t.Fatal("mockserver printed nothing within 60 s")
	}
	return s
}

// get sends GET path with the bearer token tok.
func (s *server) get(t *testing.T, path, tok string) (int, string) {
	t.Helper()
	status, body, _ := fakeapitest.Do(t, http.MethodGet, s.url+path, http.Header{"Authorization": {"Bearer " + tok}}, "")
	return status, body
}

// stop signals the process and waits for it to exit; it returns the exit
// code and the lines written after the banner.
func (s *server) stop(t *testing.T, sig os.Signal) (int, []string) {
	t.Helper()
	if err := s.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	var lines []string
	timeout := time.After(30 * time.Second)
	for {
		select {
		case l, ok := <-s.lines:
			if !ok {
				err := s.cmd.Wait()
				var exit *exec.ExitError
				if errors.As(err, &exit) {
					return exit.ExitCode(), lines
				}
				return 0, lines
			}
			lines = append(lines, l)
		case <-timeout:
			t.Fatalf("mockserver did not stop within 30 s of %v", sig)
		}
	}
}

// TestMockserver starts the command as a process on a loopback port,
// calls both APIs through it, and stops it with each signal.
func TestMockserver(t *testing.T) {
	for _, sig := range []os.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			s := start(t, "-shipments", "7", "-seed", "3", "-api-key", "compose-key")
			if s.apiKey != "compose-key" {
				t.Errorf("banner names API key %q, want compose-key", s.apiKey)
			}
			status, body := s.get(t, "/shipments?per=5", s.apiKey)
			var env struct {
				Data struct {
					TotalCount int `json:"total_count"`
				} `json:"data"`
			}
			if err := json.Unmarshal([]byte(body), &env); status != 200 || err != nil || env.Data.TotalCount != 7 {
				t.Errorf("Core GET /shipments = %d %.200s", status, body)
			}
			if status, body := s.get(t, "/logistics/api/2023-10/products?limit=2", s.token); status != 200 || !strings.HasPrefix(body, "[") {
				t.Errorf("Logistics GET /products = %d %.200s", status, body)
			}
			if status, _ := s.get(t, "/shipments", s.token); status != 401 {
				t.Errorf("Core with the Logistics token = %d, want 401", status)
			}
			tok := `{"client_id":"` + s.client + `","client_secret":"` + s.secret + `","audience":"https://api.flexport.com","grant_type":"client_credentials"}`
			if status, body, _ := fakeapitest.Do(t, http.MethodPost, s.url+"/oauth/token", nil, tok); status != 200 {
				t.Errorf("token request = %d %.200s", status, body)
			}
			code, lines := s.stop(t, sig)
			if code != 0 {
				t.Errorf("exit code %d after %v, want 0", code, sig)
			}
			var logged []string
			for _, l := range lines {
				f := strings.Fields(l)
				if len(f) == 6 {
					logged = append(logged, f[1]+" "+f[2]+" "+f[3])
				}
				for _, secret := range []string{s.apiKey, s.token, s.secret} {
					if strings.Contains(l, secret) {
						t.Errorf("a log line shows a credential: %q", l)
					}
				}
			}
			want := []string{"GET /shipments?per=5 200", "GET /logistics/api/2023-10/products?limit=2 200", "GET /shipments 401", "POST /oauth/token 200"}
			if diff := cmp.Diff(want, logged); diff != "" {
				t.Errorf("request log (-want +got):\n%s\nall output: %q", diff, lines)
			}
			if len(lines) == 0 || lines[len(lines)-1] != "mockserver stopped" {
				t.Errorf("last line %q, want mockserver stopped", lines)
			}
		})
	}
}

func TestMockserverRejectsBadFlags(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("unix only")
	}
	bin, err := binary()
	if err != nil {
		t.Fatalf("go build: %v", err)
	}
	out, err := exec.Command(bin, "-addr", "127.0.0.1:0", "-fault-rate", "2").CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 || !strings.Contains(string(out), "-fault-rate") {
		t.Errorf("-fault-rate 2: %v %s, want exit 1 naming the flag", err, out)
	}
}

// TestMockserverStopsWithItsParent starts the command under a shell and
// kills the shell, as SIGTERM kills `go run` without passing the signal
// on: the server must notice, stop and say so.
func TestMockserverStopsWithItsParent(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("unix only")
	}
	bin, err := binary()
	if err != nil {
		t.Fatalf("go build: %v", err)
	}
	sh := exec.Command("/bin/sh", "-c", `"$0" -addr 127.0.0.1:0 & wait`, bin)
	// A pipe of our own, which the server keeps open after the shell's
	// death (Wait would close the one of StdoutPipe).
	stdout, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdout.Close()
	sh.Stdout = w
	if err := sh.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	lines := make(chan string, 10)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	if l := <-lines; !banner.MatchString(l) {
		t.Fatalf("first line %q", l)
	}
	_ = sh.Process.Kill()
	_ = sh.Wait()
	select {
	case l := <-lines:
		if l != "mockserver stopped" {
			t.Errorf("after its parent died the server wrote %q, want mockserver stopped", l)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the server did not stop within 30 s of its parent's death")
	}
}
