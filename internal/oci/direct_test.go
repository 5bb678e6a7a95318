package oci

import (
	"reflect"
	"testing"
)

func TestDirectSystem(t *testing.T) {
	t.Parallel()
	got, err := DirectSystem("onprem", []string{"db2.example.com", "10.0.0.5:2222", "[fd00::7]:22", "fd00::8"}, StorageLVM)
	if err != nil {
		t.Fatalf("DirectSystem() = %v", err)
	}
	want := System{
		DisplayName:    "onprem",
		Storage:        StorageLVM,
		LifecycleState: "UNKNOWN",
		NodeCount:      4,
		Nodes: []Node{
			{Hostname: "db2.example.com", PrivateIP: "db2.example.com", LifecycleState: "UNKNOWN"},
			{Hostname: "10.0.0.5:2222", PrivateIP: "10.0.0.5", Port: 2222, LifecycleState: "UNKNOWN"},
			{Hostname: "[fd00::7]:22", PrivateIP: "fd00::7", Port: 22, LifecycleState: "UNKNOWN"},
			{Hostname: "fd00::8", PrivateIP: "fd00::8", LifecycleState: "UNKNOWN"},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("DirectSystem() =\n%+v\nwant\n%+v", got, want)
	}
	if a := got.Nodes[0].Address(22); a != "db2.example.com:22" {
		t.Errorf("Address(22) = %q, want the default port", a)
	}
	if a := got.Nodes[1].Address(22); a != "10.0.0.5:2222" {
		t.Errorf("Address(22) = %q, want the node's own port", a)
	}
	if a := got.Nodes[3].Address(22); a != "[fd00::8]:22" {
		t.Errorf("Address(22) = %q, want a bracketed IPv6 address", a)
	}
}

func TestDirectSystemDefaults(t *testing.T) {
	t.Parallel()
	got, err := DirectSystem("", []string{"127.0.1.1"}, "")
	if err != nil {
		t.Fatal(err)
	}
	if got.DisplayName != "127.0.1.1" || got.Storage != StorageUnknown || got.ID != "" {
		t.Errorf("DirectSystem() = %+v, want the first address as name, unknown storage and no OCID", got)
	}
}

func TestDirectSystemErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		addrs   []string
		storage Storage
		wantErr []string
	}{
		{name: "none", addrs: nil, wantErr: []string{"no node addresses"}},
		{name: "bad port", addrs: []string{"db1:ssh"}, wantErr: []string{"node address 1", `port "ssh"`}},
		{name: "port out of range", addrs: []string{"db1:70000"}, wantErr: []string{"1 to 65535"}},
		{name: "empty", addrs: []string{"db1", " "}, wantErr: []string{"node address 2", "empty"}},
		{name: "duplicate", addrs: []string{"db1:22", "db1:22"}, wantErr: []string{"node address 2", "twice"}},
		{name: "unknown storage", addrs: []string{"db1"}, storage: "ZFS", wantErr: []string{`storage "ZFS"`}},
		{name: "every bad address reported", addrs: []string{"a:x", "b:y"}, wantErr: []string{"node address 1", "node address 2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := DirectSystem("x", tt.addrs, tt.storage)
			mustContain(t, err, tt.wantErr...)
		})
	}
}

func TestParseStorage(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]Storage{"asm": StorageASM, " LVM ": StorageLVM, "": StorageUnknown, "unknown": StorageUnknown} {
		if got, ok := ParseStorage(in); !ok || got != want {
			t.Errorf("ParseStorage(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if _, ok := ParseStorage("btrfs"); ok {
		t.Error(`ParseStorage("btrfs") accepted an unknown storage`)
	}
}
