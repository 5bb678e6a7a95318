package remote

import "sync"

// cappedBuffer keeps the first limit bytes written and counts the rest, so
// a command that floods its output cannot exhaust memory, while the SSH
// channel is still drained and the command is not blocked on a full pipe.
// It is safe for concurrent use: a cancelled command's output may still be
// arriving while the caller reads what came so far.
type cappedBuffer struct {
	mu      sync.Mutex
	limit   int
	data    []byte
	dropped int64
}

func newCappedBuffer(limit int) *cappedBuffer {
	return &cappedBuffer{limit: limit}
}

func (b *cappedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	room := b.limit - len(b.data)
	if room >= len(p) {
		b.data = append(b.data, p...)
		return len(p), nil
	}
	if room > 0 {
		b.data = append(b.data, p[:room]...)
	}
	b.dropped += int64(len(p) - max(room, 0))
	return len(p), nil
}

// snapshot returns a copy of what was kept and whether anything was
// dropped.
func (b *cappedBuffer) snapshot() ([]byte, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.data == nil {
		return nil, b.dropped > 0
	}
	return append([]byte(nil), b.data...), b.dropped > 0
}
