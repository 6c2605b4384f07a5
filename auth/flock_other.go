//go:build !(darwin || dragonfly || freebsd || illumos || linux || netbsd || openbsd || windows)

package auth

import "os"

// tryLockFile always succeeds: this system has no file lock this package
// supports, so processes sharing a FileStore are not locked out of each
// other. The budget still applies.
func tryLockFile(*os.File) (bool, error) { return true, nil }

// unlockFile does nothing.
func unlockFile(*os.File) {}

// insecureFile returns "": file ownership is not checked on this system.
func insecureFile(os.FileInfo) string { return "" }
