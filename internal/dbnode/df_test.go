package dbnode

import "testing"

func TestParseDiskSpace(t *testing.T) {
	t.Parallel()
	want := DiskSpace{Filesystem: "/dev/mapper/VolGroupSys-LogVolU01", Mount: "/u01", TotalBytes: 264091648 << 10, UsedBytes: 211273318 << 10, AvailableBytes: 52818330 << 10}
	wrapped := want
	wrapped.Filesystem = "/dev/mapper/very-long-volume-group-name-LogVolU01"
	tests := []struct {
		name    string
		out     string
		want    DiskSpace
		wantErr []string
	}{
		{name: "df -P", out: fixture(t, "df.txt"), want: want},
		{name: "noisy", out: noisy(fixture(t, "df.txt")), want: want},
		{name: "wrapped device", out: fixture(t, "df_wrapped.txt"), want: wrapped},
		{name: "512-byte blocks", out: "Filesystem 512-blocks Used Available Capacity Mounted on\n/dev/sda1 100 40 60 40% /mnt/my disk\n", want: DiskSpace{Filesystem: "/dev/sda1", Mount: "/mnt/my disk", TotalBytes: 51200, UsedBytes: 20480, AvailableBytes: 30720}},
		{name: "no header", out: "/dev/sda1 100 40 60 40% /\n", wantErr: []string{"no Filesystem header"}},
		{name: "two filesystems", out: "Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/a 1 1 0 100% /\n/dev/b 1 1 0 100% /u01\n", wantErr: []string{"more than one filesystem"}},
		{name: "missing line", out: "Filesystem 1024-blocks Used Available Capacity Mounted on\n", wantErr: []string{"no complete filesystem line"}},
		{name: "not numbers", out: "Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/a x 1 0 100% /\n", wantErr: []string{`size "x"`}},
		{name: "overflow", out: "Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/a 99999999999999999 1 0 100% /\n", wantErr: []string{"not a block count"}},
		{name: "human readable refused", out: "Filesystem Size Used Avail Use% Mounted on\n/dev/a 10G 1G 9G 10% /\n", wantErr: []string{"block size"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseDiskSpace(tt.out)
			checkErr(t, err, tt.wantErr)
			if err == nil && got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func FuzzParseDiskSpace(f *testing.F) {
	addFixtures(f, "df.txt", "df_wrapped.txt")
	f.Fuzz(func(t *testing.T, out string) {
		got, err := ParseDiskSpace(out)
		if err != nil {
			return
		}
		if got.TotalBytes < 0 || got.UsedBytes < 0 || got.AvailableBytes < 0 || got.Filesystem == "" || got.Mount == "" || got.Mount[0] != '/' {
			t.Fatalf("malformed %+v", got)
		}
	})
}
