package node

import (
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
	"time"
)

// memFS is the node's filesystem: a flat map from clean absolute paths to
// entries. It is small on purpose, because a fleet holds hundreds of nodes.
type memFS struct {
	mu      sync.Mutex
	entries map[string]*entry
	// virtual files are generated when read (boot_id, os-release).
	virtual map[string]func() []byte
}

type entry struct {
	dir     bool
	mode    fs.FileMode // permission bits plus sticky
	owner   *user
	group   string
	data    []byte
	modTime time.Time
}

func newMemFS() *memFS {
	return &memFS{entries: map[string]*entry{"/": {dir: true, mode: 0o555, owner: userRoot, group: "root"}}, virtual: map[string]func() []byte{}}
}

// cleanPath makes name absolute against dir.
func cleanPath(dir, name string) string {
	if !path.IsAbs(name) {
		name = path.Join(dir, name)
	}
	return path.Clean(name)
}

// fsError builds the *os.PathError the shell prints as "op: path: reason".
func fsError(op, name string, err error) error {
	return &os.PathError{Op: op, Path: name, Err: err}
}

// install creates a file or directory with its parents, ignoring
// permissions: it is how the image and the node's own daemons write.
func (m *memFS) install(name string, dir bool, mode fs.FileMode, owner *user, group string, data []byte, now time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.installLocked(name, dir, mode, owner, group, data, now)
}

func (m *memFS) installLocked(name string, dir bool, mode fs.FileMode, owner *user, group string, data []byte, now time.Time) {
	for p := path.Dir(name); p != "/"; p = path.Dir(p) {
		if _, ok := m.entries[p]; ok {
			break
		}
		m.entries[p] = &entry{dir: true, mode: 0o755, owner: owner, group: group, modTime: now}
	}
	m.entries[name] = &entry{dir: dir, mode: mode, owner: owner, group: group, data: data, modTime: now}
}

// appendAs appends to a file the node's own daemons write (alert log, job
// logs), creating it when missing.
func (m *memFS) appendAs(name string, owner *user, group string, text string, now time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[name]
	if !ok {
		m.installLocked(name, false, 0o640, owner, group, nil, now)
		e = m.entries[name]
	}
	e.data = append(e.data, text...)
	e.modTime = now
}

// removeTree deletes a directory's contents, as tmpfs loses /tmp at boot.
func (m *memFS) removeTree(dir string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for p := range m.entries {
		if strings.HasPrefix(p, dir+"/") {
			delete(m.entries, p)
		}
	}
}

func (m *memFS) lookup(name string) (*entry, bool) {
	if gen, ok := m.virtual[name]; ok {
		return &entry{mode: 0o444, owner: userRoot, group: "root", data: gen()}, true
	}
	e, ok := m.entries[name]
	return e, ok
}

// checkParents fails when a directory on the way is missing or not
// searchable by u.
func (m *memFS) checkParents(u *user, name string) error {
	for p := path.Dir(name); ; p = path.Dir(p) {
		e, ok := m.entries[p]
		if !ok {
			return fs.ErrNotExist
		}
		if !e.dir {
			return errNotDir
		}
		if !u.may(e, permExec) {
			return fs.ErrPermission
		}
		if p == "/" {
			return nil
		}
	}
}

var errNotDir = &notDirError{}

type notDirError struct{}

func (*notDirError) Error() string { return "Not a directory" }

// stat returns what `stat` would show of name for u.
func (m *memFS) stat(u *user, name string) (fs.FileInfo, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if name != "/" {
		if err := m.checkParents(u, name); err != nil {
			return nil, fsError("stat", name, err)
		}
	}
	e, ok := m.lookup(name)
	if !ok {
		return nil, fsError("stat", name, fs.ErrNotExist)
	}
	return fileInfo{name: path.Base(name), e: *e}, nil
}

// readFile returns a file's contents if u may read it.
func (m *memFS) readFile(u *user, name string) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.checkParents(u, name); err != nil {
		return nil, fsError("open", name, err)
	}
	e, ok := m.lookup(name)
	switch {
	case !ok:
		return nil, fsError("open", name, fs.ErrNotExist)
	case e.dir:
		return nil, fsError("read", name, errIsDir)
	case !u.may(e, permRead):
		return nil, fsError("open", name, fs.ErrPermission)
	}
	return slices.Clone(e.data), nil
}

var errIsDir = &isDirError{}

type isDirError struct{}

func (*isDirError) Error() string { return "Is a directory" }

// open implements the shell's redirections for u.
func (m *memFS) open(u *user, name string, flag int, perm fs.FileMode, now time.Time) (io.ReadWriteCloser, error) {
	if name == "/dev/null" {
		return devNull{}, nil
	}
	if flag&(os.O_WRONLY|os.O_RDWR) == 0 {
		data, err := m.readFile(u, name)
		if err != nil {
			return nil, err
		}
		return &readOnlyFile{data: data}, nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.checkParents(u, name); err != nil {
		return nil, fsError("open", name, err)
	}
	e, ok := m.lookup(name)
	switch {
	case ok && flag&os.O_EXCL != 0 && flag&os.O_CREATE != 0:
		return nil, fsError("open", name, fs.ErrExist)
	case ok && e.dir:
		return nil, fsError("open", name, errIsDir)
	case ok && m.virtual[name] != nil:
		return nil, fsError("open", name, fs.ErrPermission)
	case ok && !u.may(e, permWrite):
		return nil, fsError("open", name, fs.ErrPermission)
	case !ok && flag&os.O_CREATE == 0:
		return nil, fsError("open", name, fs.ErrNotExist)
	case !ok:
		parent := m.entries[path.Dir(name)]
		if !u.may(parent, permWrite) {
			return nil, fsError("open", name, fs.ErrPermission)
		}
		e = &entry{mode: perm.Perm() &^ 0o022, owner: u, group: u.group, modTime: now}
		m.entries[name] = e
	}
	if flag&os.O_TRUNC != 0 {
		e.data = nil
		e.modTime = now
	}
	return &writableFile{fs: m, e: e, appendOnly: flag&os.O_APPEND != 0, now: now}, nil
}

// mkdir creates one directory; it fails when name exists, which is what
// makes a lock directory atomic.
func (m *memFS) mkdir(u *user, name string, mode fs.FileMode, now time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.checkParents(u, name); err != nil {
		return err
	}
	if _, ok := m.lookup(name); ok {
		return fs.ErrExist
	}
	if !u.may(m.entries[path.Dir(name)], permWrite) {
		return fs.ErrPermission
	}
	m.entries[name] = &entry{dir: true, mode: mode, owner: u, group: u.group, modTime: now}
	return nil
}

// remove deletes a file, or a directory when dir is set and it is empty,
// or a whole tree when recursive.
func (m *memFS) remove(u *user, name string, dir, recursive bool) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.checkParents(u, name); err != nil {
		return err
	}
	e, ok := m.entries[name]
	if !ok {
		return fs.ErrNotExist
	}
	if e.dir && !dir && !recursive {
		return errIsDir
	}
	if !e.dir && dir && !recursive {
		return errNotDir
	}
	parent := m.entries[path.Dir(name)]
	if !u.may(parent, permWrite) || (parent.mode&fs.ModeSticky != 0 && u != userRoot && e.owner != u) {
		return fs.ErrPermission
	}
	children := m.childrenLocked(name)
	if e.dir && len(children) > 0 && !recursive {
		return errNotEmpty
	}
	for _, c := range children {
		delete(m.entries, c)
	}
	delete(m.entries, name)
	return nil
}

var errNotEmpty = &notEmptyError{}

type notEmptyError struct{}

func (*notEmptyError) Error() string { return "Directory not empty" }

func (m *memFS) childrenLocked(dir string) []string {
	var out []string
	for p := range m.entries {
		if strings.HasPrefix(p, dir+"/") || (dir == "/" && p != "/") {
			out = append(out, p)
		}
	}
	return out
}

// list returns the names directly inside dir, sorted.
func (m *memFS) list(u *user, dir string) ([]fs.DirEntry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[dir]
	if !ok {
		return nil, fsError("open", dir, fs.ErrNotExist)
	}
	if !e.dir {
		return nil, fsError("open", dir, errNotDir)
	}
	if !u.may(e, permRead) {
		return nil, fsError("open", dir, fs.ErrPermission)
	}
	var out []fs.DirEntry
	for _, p := range m.childrenLocked(dir) {
		if path.Dir(p) == dir {
			out = append(out, fs.FileInfoToDirEntry(fileInfo{name: path.Base(p), e: *m.entries[p]}))
		}
	}
	for p, gen := range m.virtual {
		if path.Dir(p) == dir {
			out = append(out, fs.FileInfoToDirEntry(fileInfo{name: path.Base(p), e: entry{mode: 0o444, owner: userRoot, data: gen()}}))
		}
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return out, nil
}

type fileInfo struct {
	name string
	e    entry
}

func (f fileInfo) Name() string { return f.name }
func (f fileInfo) Size() int64  { return int64(len(f.e.data)) }
func (f fileInfo) Mode() fs.FileMode {
	if f.e.dir {
		return f.e.mode | fs.ModeDir
	}
	return f.e.mode
}
func (f fileInfo) ModTime() time.Time { return f.e.modTime }
func (f fileInfo) IsDir() bool        { return f.e.dir }
func (f fileInfo) Sys() any           { return nil }

type devNull struct{}

func (devNull) Read([]byte) (int, error)    { return 0, io.EOF }
func (devNull) Write(p []byte) (int, error) { return len(p), nil }
func (devNull) Close() error                { return nil }

type readOnlyFile struct {
	data []byte
}

func (f *readOnlyFile) Read(p []byte) (int, error) {
	if len(f.data) == 0 {
		return 0, io.EOF
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

func (f *readOnlyFile) Write([]byte) (int, error) { return 0, fs.ErrPermission }
func (f *readOnlyFile) Close() error              { return nil }

// writableFile writes straight into the entry so that readers see data as
// soon as it is written, like a real file.
type writableFile struct {
	fs         *memFS
	e          *entry
	appendOnly bool
	offset     int
	now        time.Time
}

func (f *writableFile) Read([]byte) (int, error) { return 0, io.EOF }

func (f *writableFile) Write(p []byte) (int, error) {
	f.fs.mu.Lock()
	defer f.fs.mu.Unlock()
	if f.appendOnly || f.offset >= len(f.e.data) {
		f.e.data = append(f.e.data, p...)
	} else {
		end := f.offset + len(p)
		if end > len(f.e.data) {
			f.e.data = append(f.e.data[:f.offset], p...)
		} else {
			copy(f.e.data[f.offset:], p)
		}
	}
	f.offset += len(p)
	f.e.modTime = f.now
	return len(p), nil
}

func (f *writableFile) Close() error { return nil }
