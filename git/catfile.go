package git

import (
	"bufio"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
)

// catFile is a running `git cat-file --batch`: object ids go in on its
// standard input, "<id> <type> <size>\n<contents>\n" comes out. One process
// serves every read, which is what makes reading a whole migration
// directory at a revision cost one fork instead of one per file.
type catFile struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
}

func startCatFile(dir string) (*catFile, error) {
	cmd := exec.Command("git", "cat-file", "--batch")
	cmd.Dir = dir
	cmd.Env = environment()
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting git cat-file: %w", err)
	}
	return &catFile{cmd: cmd, in: in, out: bufio.NewReaderSize(out, 64<<10)}, nil
}

// MaxBlobSize is the largest blob read at all, the largest input limit
// (a contract's); callers check their own, smaller limits against the size
// ls-tree reported before reading (see Tree.Open).
const MaxBlobSize = 64 << 20

// read returns the contents of the blob with the given id.
func (c *catFile) read(id string) ([]byte, error) {
	if _, err := io.WriteString(c.in, id+"\n"); err != nil {
		return nil, fmt.Errorf("git cat-file: %w", err)
	}
	header, err := c.out.ReadString('\n')
	if err != nil {
		return nil, fmt.Errorf("git cat-file: %w", err)
	}
	f := strings.Fields(header)
	if len(f) != 3 {
		return nil, fmt.Errorf("git cat-file: object %s: %s", id, strings.TrimSpace(header))
	}
	size, err := strconv.Atoi(f[2])
	if err != nil || size < 0 {
		return nil, fmt.Errorf("git cat-file: object %s: bad size in %q", id, strings.TrimSpace(header))
	}
	if size > MaxBlobSize {
		// Skipped, not read: the stream stays in step and memory bounded.
		if _, err := io.CopyN(io.Discard, c.out, int64(size)+1); err != nil {
			return nil, fmt.Errorf("git cat-file: object %s: %w", id, err)
		}
		return nil, fmt.Errorf("object %s is %d bytes, larger than the %d MiB a file read at a revision may be", id, size, MaxBlobSize>>20)
	}
	data := make([]byte, size+1) // the contents and the newline after them
	if _, err := io.ReadFull(c.out, data); err != nil {
		return nil, fmt.Errorf("git cat-file: object %s: %w", id, err)
	}
	if f[1] != "blob" {
		return nil, fmt.Errorf("git cat-file: object %s is a %s, not a file", id, f[1])
	}
	return data[:size], nil
}

func (c *catFile) close() error {
	c.in.Close()
	return c.cmd.Wait()
}

// blob reads one blob, starting the cat-file process on first use. Reads
// are serialised: the process answers in order.
func (r *Repo) blob(id string) ([]byte, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.batch == nil {
		c, err := startCatFile(r.root)
		if err != nil {
			return nil, err
		}
		r.batch = c
	}
	data, err := r.batch.read(id)
	if err != nil {
		// The stream may be out of step now: start afresh next time.
		r.batch.cmd.Process.Kill()
		r.batch.close()
		r.batch = nil
	}
	return data, err
}
