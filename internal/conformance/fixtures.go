package conformance

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// SharedDir returns the ../shared directory beside the repository, or "" when
// it is absent.
func SharedDir() string {
	if d := os.Getenv("FLEXPORT_SHARED_DIR"); d != "" {
		return d
	}
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return ""
	}
	dir := filepath.Join(filepath.Dir(file), "..", "..", "..", "shared")
	if st, err := os.Stat(dir); err == nil && st.IsDir() {
		return dir
	}
	return ""
}

// Fixture is one recorded response: the request (path and query, as sent)
// and the file holding the response body.
type Fixture struct {
	Request string
	File    string
}

// SandboxFixtures lists the recorded Core v2 sandbox responses from
// index.tsv under dir (…/shared/fixtures/core-v2-sandbox).
func SandboxFixtures(dir string) ([]Fixture, error) {
	f, err := os.Open(filepath.Join(dir, "index.tsv"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Fixture
	sc := bufio.NewScanner(f)
	first := true
	for sc.Scan() {
		line := sc.Text()
		if first {
			first = false
			if strings.HasPrefix(line, "request\t") {
				continue
			}
		}
		req, file, ok := strings.Cut(line, "\t")
		if !ok {
			return nil, fmt.Errorf("index.tsv: malformed line %q", line)
		}
		out = append(out, Fixture{Request: req, File: filepath.Join(dir, file)})
	}
	return out, sc.Err()
}
