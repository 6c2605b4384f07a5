package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// NewFileStore returns a TokenStore that keeps each credential's record in
// files in dir, for the processes of one machine. An empty dir means
// [DefaultFileStoreDir]. The directory is created with mode 0700 if missing.
//
// Each credential has a token file and a budget file, written atomically
// (a temporary file renamed into place) with mode 0600, and a lock file
// locked with flock(2), so that the processes sharing dir make one token
// request between them. A token file that is corrupt, readable by others or
// owned by another user is ignored with a logged warning. A corrupt budget
// file fails safe: the budget counts as spent until a day after the file
// was last written, and the warning says how to recover (delete the file).
// A budget file readable by others still counts, as it holds no secret.
//
// On Windows the lock is LockFileEx and file permissions are not checked.
// On systems with neither flock nor LockFileEx there is no lock: processes
// still share the token and the budget, but may race to request a token.
func NewFileStore(dir string, opts ...StoreOption) (TokenStore, error) {
	if dir == "" {
		d, err := DefaultFileStoreDir()
		if err != nil {
			return nil, err
		}
		dir = d
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("auth: creating the token store directory: %w", err)
	}
	o := applyStoreOptions(opts)
	return &fileStore{dir: dir, logger: o.logger}, nil
}

// DefaultFileStoreDir returns the directory NewFileStore uses when given
// none: flexport/tokens in os.UserCacheDir().
func DefaultFileStoreDir() (string, error) {
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("auth: locating the default token store directory: %w", err)
	}
	return filepath.Join(cache, "flexport", "tokens"), nil
}

type fileStore struct {
	dir    string
	logger *slog.Logger
}

func (s *fileStore) tokenPath(key string) string  { return filepath.Join(s.dir, "token-"+key+".json") }
func (s *fileStore) budgetPath(key string) string { return filepath.Join(s.dir, "budget-"+key+".json") }
func (s *fileStore) lockPath(key string) string   { return filepath.Join(s.dir, "lock-"+key) }

func (s *fileStore) Load(_ context.Context, key string) (Record, error) {
	var rec Record

	path := s.budgetPath(key)
	data, modified, problem, err := readFile(path)
	if err != nil {
		// Without the budget no request may be made: report it.
		return Record{}, fmt.Errorf("auth: reading the token budget file: %w", err)
	}
	if data != nil {
		var b Record
		if err := json.Unmarshal(data, &b); err != nil {
			rec.NotBefore, rec.LastError = s.corruptBudget(path, modified)
		} else {
			if problem != "" {
				s.warn("token budget file is not private; using it as it holds no secret", path, problem)
			}
			rec.Requests, rec.NotBefore, rec.LastError = b.Requests, b.NotBefore, b.LastError
		}
	}

	path = s.tokenPath(key)
	data, _, problem, err = readFile(path)
	switch {
	case err != nil:
		s.warn("ignoring an unreadable token cache file", path, err.Error())
	case data == nil:
	case problem != "":
		s.warn("ignoring a token cache file", path, problem)
	default:
		var t Record
		if err := json.Unmarshal(data, &t); err != nil || t.Token == nil {
			s.warn("ignoring a corrupt token cache file", path, "not a valid token record")
			break
		}
		rec.Token, rec.Obtained = t.Token, t.Obtained
	}
	return rec, nil
}

func (s *fileStore) Save(_ context.Context, key string, rec Record) error {
	budget, err := json.Marshal(Record{Requests: rec.Requests, NotBefore: rec.NotBefore, LastError: rec.LastError})
	if err != nil {
		return err
	}
	if err := s.writeFile(s.budgetPath(key), budget); err != nil {
		return err
	}
	if rec.Token == nil {
		if err := os.Remove(s.tokenPath(key)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("auth: removing the token cache file: %w", err)
		}
		return nil
	}
	token, err := json.Marshal(Record{Token: rec.Token, Obtained: rec.Obtained})
	if err != nil {
		return err
	}
	return s.writeFile(s.tokenPath(key), token)
}

func (s *fileStore) Lock(ctx context.Context, key string) (func(), error) {
	f, err := os.OpenFile(s.lockPath(key), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("auth: opening the token lock file: %w", err)
	}
	// Poll rather than block, so that ctx can end the wait.
	for delay := time.Millisecond; ; delay = min(2*delay, 50*time.Millisecond) {
		ok, err := tryLockFile(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("auth: locking the token lock file: %w", err)
		}
		if ok {
			var once sync.Once
			return func() {
				once.Do(func() {
					unlockFile(f)
					f.Close()
				})
			}, nil
		}
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			f.Close()
			return nil, fmt.Errorf("auth: waiting for the token lock file: %w", ctx.Err())
		case <-t.C:
		}
	}
}

func (s *fileStore) String() string                { return fmt.Sprintf("auth.FileStore(%q)", s.dir) }
func (s *fileStore) GoString() string              { return s.String() }
func (s *fileStore) Format(f fmt.State, verb rune) { formatRedacted(f, verb, s, s) }

func (s *fileStore) warn(msg, path, reason string) {
	s.logger.Warn("flexport auth: "+msg, "path", path, "reason", reason)
}

// corruptBudget is the record of a budget file that cannot be read. How
// many requests it recorded is unknown, so the budget counts as spent for a
// day from when the file was last written (or from now, if that is later):
// it fails safe. The warning says how to recover sooner.
func (s *fileStore) corruptBudget(path string, modified time.Time) (notBefore time.Time, lastError string) {
	from := time.Now()
	if modified.Before(from) {
		from = modified
	}
	notBefore = from.Add(BudgetWindow)
	s.warn("corrupt token budget file; counting the budget as spent", path, fmt.Sprintf(
		"not valid JSON; no token request before %s. If no process made token requests in the last 24 hours, delete the file to allow them at once",
		notBefore.UTC().Format(time.RFC3339)))
	return notBefore, "the token budget file is corrupt, so the budget counts as spent; if no token requests were made in the last 24 hours, delete " + path
}

// readFile returns the contents of the regular file at path, nil if there
// is none, when it was last modified, and why the file is not private, if
// it is not.
func readFile(path string) (data []byte, modified time.Time, problem string, err error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, time.Time{}, "", nil
	}
	if err != nil {
		return nil, time.Time{}, "", err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, time.Time{}, "", err
	}
	if !fi.Mode().IsRegular() {
		return nil, time.Time{}, "", fmt.Errorf("%s is not a regular file", path)
	}
	data, err = io.ReadAll(io.LimitReader(f, maxResponseSize))
	if err != nil {
		return nil, time.Time{}, "", err
	}
	if data == nil {
		data = []byte{}
	}
	return data, fi.ModTime(), insecureFile(fi), nil
}

// writeFile replaces the file at path with one holding data, atomically,
// with mode 0600.
func (s *fileStore) writeFile(path string, data []byte) (err error) {
	tmp, err := os.CreateTemp(s.dir, ".tmp-")
	if err != nil {
		return fmt.Errorf("auth: writing the token store: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
			err = fmt.Errorf("auth: writing the token store: %w", err)
		}
	}()
	if err := tmp.Chmod(0o600); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
