package sshd

import (
	"bytes"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"golang.org/x/crypto/ssh"
)

func TestLoadOrCreateHostKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		keyType  KeyType
		wantAlgo string
	}{
		{keyType: "", wantAlgo: ssh.KeyAlgoED25519},
		{keyType: KeyTypeEd25519, wantAlgo: ssh.KeyAlgoED25519},
		{keyType: KeyTypeECDSA, wantAlgo: ssh.KeyAlgoECDSA256},
		{keyType: KeyTypeRSA, wantAlgo: ssh.KeyAlgoRSA},
	}
	for _, tt := range tests {
		t.Run(string(tt.keyType)+"/"+tt.wantAlgo, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "hostkeys", "dbnode1")

			created, err := LoadOrCreateHostKey(path, tt.keyType)
			if err != nil {
				t.Fatalf("create: %v", err)
			}
			if got := created.PublicKey().Type(); got != tt.wantAlgo {
				t.Errorf("key type = %s, want %s", got, tt.wantAlgo)
			}
			info, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if mode := info.Mode().Perm(); mode != 0o600 {
				t.Errorf("key file mode = %o, want 600", mode)
			}

			// A restart asks for another type: the stored identity still wins.
			reloaded, err := LoadOrCreateHostKey(path, KeyTypeECDSA)
			if err != nil {
				t.Fatalf("reload: %v", err)
			}
			if !bytes.Equal(reloaded.PublicKey().Marshal(), created.PublicKey().Marshal()) {
				t.Errorf("reloaded key %s differs from created key %s",
					ssh.FingerprintSHA256(reloaded.PublicKey()), ssh.FingerprintSHA256(created.PublicKey()))
			}
			leftovers, err := filepath.Glob(filepath.Join(filepath.Dir(path), ".hostkey-*"))
			if err != nil || len(leftovers) != 0 {
				t.Errorf("temporary files left behind: %v (%v)", leftovers, err)
			}
		})
	}
}

func TestLoadOrCreateHostKeyErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		content string // written to the path first unless empty
		keyType KeyType
	}{
		{name: "damaged key file", content: "-----BEGIN OPENSSH PRIVATE KEY-----\nnot a key\n"},
		{name: "unknown key type", keyType: "dsa"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "hostkey")
			if tt.content != "" {
				if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := LoadOrCreateHostKey(path, tt.keyType); err == nil {
				t.Error("LoadOrCreateHostKey succeeded")
			}
		})
	}
}

func TestGenerateHostKeyIsFresh(t *testing.T) {
	t.Parallel()
	a, err := GenerateHostKey(KeyTypeEd25519)
	if err != nil {
		t.Fatal(err)
	}
	b, err := GenerateHostKey(KeyTypeEd25519)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a.PublicKey().Marshal(), b.PublicKey().Marshal()) {
		t.Error("two generated host keys are identical")
	}
}

func TestLoadOrCreateHostKeyConcurrently(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "hostkey")
	const starters = 8
	keys := make([]ssh.PublicKey, starters)
	errs := make([]error, starters)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range starters {
		wg.Go(func() {
			<-start
			signer, err := LoadOrCreateHostKey(path, KeyTypeEd25519)
			errs[i] = err
			if err == nil {
				keys[i] = signer.PublicKey()
			}
		})
	}
	close(start)
	wg.Wait()

	for i := range starters {
		if errs[i] != nil {
			t.Fatalf("starter %d: %v", i, errs[i])
		}
		if !bytes.Equal(keys[i].Marshal(), keys[0].Marshal()) {
			t.Fatalf("starter %d got host key %s, starter 0 got %s: nodes started together must share one identity",
				i, ssh.FingerprintSHA256(keys[i]), ssh.FingerprintSHA256(keys[0]))
		}
	}
}
