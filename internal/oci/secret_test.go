package oci

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func TestPrivateKeyNeverPrints(t *testing.T) {
	t.Parallel()
	pemBytes := testPrivateKeyPEM(t)
	key, err := NewPrivateKey(pemBytes)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(key.PEM(), pemBytes) {
		t.Fatal("PEM() does not return the key given")
	}
	holder := struct {
		Key PrivateKey
		Ptr *PrivateKey
	}{key, &key}

	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("key", "key", key)
	jsonOut, err := json.Marshal(holder)
	if err != nil {
		t.Fatal(err)
	}
	outputs := map[string]string{
		"%v":   fmt.Sprintf("%v", key),
		"%+v":  fmt.Sprintf("%+v", holder),
		"%#v":  fmt.Sprintf("%#v", holder),
		"%s":   fmt.Sprintf("%s", key),
		"%x":   fmt.Sprintf("%x", key),
		"%d":   fmt.Sprintf("%d", key),
		"%q":   fmt.Sprintf("%q", key),
		"json": string(jsonOut),
		"slog": logged.String(),
	}
	body := strings.Split(string(pemBytes), "\n")[1][:20]
	for how, out := range outputs {
		if !strings.Contains(out, redacted) {
			t.Errorf("%s printed %q, want %q", how, out, redacted)
		}
		for _, leak := range []string{"PRIVATE KEY", body, "45 45 45"} {
			if strings.Contains(out, leak) {
				t.Errorf("%s leaked the key: %q", how, out)
			}
		}
	}
}

func TestNewPrivateKeyRejectsNonKeys(t *testing.T) {
	t.Parallel()
	for name, in := range map[string][]byte{
		"empty":       nil,
		"not PEM":     []byte("ssh-rsa AAAA user@host"),
		"certificate": []byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := NewPrivateKey(in)
			if err == nil {
				t.Fatal("NewPrivateKey() accepted a value that is not a private key")
			}
			if len(in) > 0 && strings.Contains(err.Error(), "AAAA") {
				t.Errorf("error quotes the content: %v", err)
			}
		})
	}
}
