package redisstore_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// redisModules are the module path prefixes that only this package may
// bring into a program.
var redisModules = []string{"github.com/redis/", "github.com/go-redis/", "github.com/alicebob/", "github.com/yuin/"}

// TestOnlyRedisstoreDependsOnRedis checks with go list -deps that the
// packages most programs import do not compile a Redis client, and that
// this package does (so that the check can fail).
func TestOnlyRedisstoreDependsOnRedis(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("skipping: no go command on PATH to list dependencies with")
	}
	const mod = "github.com/flexport-go/flexport/"
	list := func(pkgs ...string) []string {
		t.Helper()
		out, err := exec.Command(goCmd, append([]string{"list", "-deps", "-f", "{{.ImportPath}}"}, pkgs...)...).Output()
		if err != nil {
			var stderr []byte
			if ee, ok := err.(*exec.ExitError); ok {
				stderr = ee.Stderr
			}
			t.Fatalf("go list -deps %s: %v\n%s", strings.Join(pkgs, " "), err, stderr)
		}
		return strings.Fields(string(out))
	}
	redisIn := func(deps []string) []string {
		var found []string
		for _, d := range deps {
			if slices.ContainsFunc(redisModules, func(p string) bool { return strings.HasPrefix(d, p) }) {
				found = append(found, d)
			}
		}
		return found
	}

	deps := list(mod+"core", mod+"logistics", mod+"core/webhook", mod+"logistics/webhook", mod+"auth")
	if !slices.Contains(deps, mod+"core/webhook") || !slices.Contains(deps, "net/http") {
		t.Fatalf("go list -deps printed %d packages, not the expected ones", len(deps))
	}
	if found := redisIn(deps); len(found) > 0 {
		t.Errorf("core, logistics, their webhook packages and auth depend on Redis packages: %q", found)
	}
	if found := redisIn(list(mod + "auth/redisstore")); !slices.Contains(found, "github.com/redis/go-redis/v9") {
		t.Errorf("auth/redisstore's Redis dependencies = %q, want go-redis among them", found)
	}
}
