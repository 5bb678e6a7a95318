package access

import (
	"strings"
	"testing"
)

func TestSSHValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		ssh  SSH
		want []string
	}{
		{"key file is enough", SSH{PrivateKeyFile: "id_opc"}, nil},
		{"no key", SSH{}, []string{"no private key", "private_key_secret_id"}},
		{"two keys", SSH{PrivateKeyFile: "k", PrivateKeySecretID: "ocid1.vaultsecret.oc1..x"}, []string{"exclude each other"}},
		{"wrong OCID", SSH{PrivateKeySecretID: "ocid1.dbsystem.oc1..x"}, []string{"private_key_secret_id", "ocid1.vaultsecret."}},
		{"bad ports", SSH{PrivateKeyFile: "k", Port: 70000, BastionPort: -1}, []string{"port 70000", "bastion_port -1"}},
		{"bad fingerprint", SSH{PrivateKeyFile: "k", HostKeyFingerprints: []string{"MD5:aa"}}, []string{"host_key_fingerprints[0]", "SHA256:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.ssh.Validate()
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Validate() = %v", err)
				}
				return
			}
			for _, w := range tt.want {
				if err == nil || !strings.Contains(err.Error(), w) {
					t.Errorf("Validate() = %v; want %q", err, w)
				}
			}
		})
	}
}

func TestSSHFromEnv(t *testing.T) {
	t.Setenv(EnvUser, "opc")
	t.Setenv(EnvPort, "2222")
	t.Setenv(EnvKnownHosts, "/a:/b")
	t.Setenv(EnvHostKeyFingerprints, "SHA256:x,SHA256:y")
	s, err := SSHFromEnv()
	if err != nil || s.User != "opc" || s.Port != 2222 || len(s.KnownHostsFiles) != 2 || len(s.HostKeyFingerprints) != 2 {
		t.Fatalf("SSHFromEnv() = %+v, %v", s, err)
	}
	t.Setenv(EnvPort, "ssh")
	if _, err := SSHFromEnv(); err == nil || !strings.Contains(err.Error(), EnvPort) {
		t.Errorf("a bad port: %v", err)
	}
}
