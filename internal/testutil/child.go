package testutil

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// RunChildren runs n child processes of the test binary that run only the
// test named test, with env added to their environment, and returns the
// lines each printed after "ready". Each child must call ChildReady before
// its work; RunChildren waits until all are ready, then releases them
// together, so that they contend. A child that fails fails the test.
func RunChildren(t testing.TB, n int, test string, env ...string) [][]string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	type child struct {
		cmd    *exec.Cmd
		stdin  io.WriteCloser
		lines  chan string
		stderr bytes.Buffer
	}
	children := make([]*child, n)
	for i := range children {
		c := &child{lines: make(chan string, 1024)}
		c.cmd = exec.CommandContext(ctx, os.Args[0], "-test.run=^"+test+"$", "-test.count=1")
		c.cmd.Env = append(os.Environ(), env...)
		c.cmd.Stderr = &c.stderr
		c.cmd.WaitDelay = 10 * time.Second
		stdout, err := c.cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if c.stdin, err = c.cmd.StdinPipe(); err != nil {
			t.Fatal(err)
		}
		if err := c.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		go func() {
			defer close(c.lines)
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				c.lines <- sc.Text()
			}
		}()
		children[i] = c
	}

	// Wait until every child is ready, then release them together.
	for i, c := range children {
		ready := false
		for line := range c.lines {
			if line == "ready" {
				ready = true
				break
			}
		}
		if !ready {
			err := c.cmd.Wait()
			t.Fatalf("child %d exited before it was ready: %v\nstderr:\n%s", i, err, c.stderr.String())
		}
	}
	for _, c := range children {
		io.WriteString(c.stdin, "go\n")
		c.stdin.Close()
	}

	out := make([][]string, n)
	for i, c := range children {
		for line := range c.lines {
			out[i] = append(out[i], line)
		}
		if err := c.cmd.Wait(); err != nil {
			t.Errorf("child %d: %v\nstdout:\n%s\nstderr:\n%s", i, err, strings.Join(out[i], "\n"), c.stderr.String())
		}
	}
	return out
}

// ChildReady tells RunChildren that this child is ready, and waits until it
// releases the children.
func ChildReady() error {
	fmt.Println("ready")
	_, err := bufio.NewReader(os.Stdin).ReadString('\n')
	return err
}

// InParallel runs f(0..n-1) at once and returns the results in order.
func InParallel(n int, f func(i int) string) []string {
	out := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { out[i] = f(i) })
	}
	wg.Wait()
	return out
}

// CountLines counts the lines, of all the children's output that
// RunChildren returned, that start with prefix, by what follows it.
func CountLines(out [][]string, prefix string) map[string]int {
	n := map[string]int{}
	for _, lines := range out {
		for _, line := range lines {
			if rest, ok := strings.CutPrefix(line, prefix); ok {
				n[rest]++
			}
		}
	}
	return n
}
