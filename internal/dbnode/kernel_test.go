package dbnode

import (
	"testing"
)

func TestParseKernel(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		out     string
		want    Kernel
		wantErr []string
	}{
		{name: "UEK7", out: "5.15.0-307.178.5.el8uek.x86_64\n", want: Kernel{Release: "5.15.0-307.178.5.el8uek.x86_64", Major: 5, Minor: 15, Patch: 0, Build: "307.178.5", Dist: "el8uek", Arch: "x86_64"}},
		{name: "UEK6 on OL7, noisy", out: noisy("5.4.17-2136.330.7.1.el7uek.x86_64\n"), want: Kernel{Release: "5.4.17-2136.330.7.1.el7uek.x86_64", Major: 5, Minor: 4, Patch: 17, Build: "2136.330.7.1", Dist: "el7uek", Arch: "x86_64"}},
		{name: "RHCK", out: "4.18.0-553.el8_10.x86_64", want: Kernel{Release: "4.18.0-553.el8_10.x86_64", Major: 4, Minor: 18, Build: "553", Dist: "el8_10", Arch: "x86_64"}},
		{name: "OL7 RHCK", out: "3.10.0-1160.119.1.0.1.el7.x86_64\r\n", want: Kernel{Release: "3.10.0-1160.119.1.0.1.el7.x86_64", Major: 3, Minor: 10, Build: "1160.119.1.0.1", Dist: "el7", Arch: "x86_64"}},
		{name: "arm, no dist", out: "6.8.0-1012-oracle", want: Kernel{Release: "6.8.0-1012-oracle", Major: 6, Minor: 8, Build: "1012-oracle"}},
		{name: "empty", out: "", wantErr: []string{"empty"}},
		{name: "two words", out: "Linux 5.15.0-307.178.5.el8uek.x86_64", wantErr: []string{"one word"}},
		{name: "noise last", out: "sudo: unable to change directory\n", wantErr: []string{"one word"}},
		{name: "not a release", out: "kernel", wantErr: []string{`"kernel" is not a kernel release`}},
		{name: "no build", out: "5.15.0-x86_64", wantErr: []string{"no build number"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseKernel(tt.out)
			checkErr(t, err, tt.wantErr)
			if err == nil && got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestKernelHelpers(t *testing.T) {
	t.Parallel()
	k, err := ParseKernelRelease("5.15.0-307.178.5.el8uek.x86_64")
	if err != nil {
		t.Fatal(err)
	}
	if !k.UEK() || k.Series() != "5.15" || k.String() != "5.15.0-307.178.5.el8uek.x86_64" {
		t.Errorf("UEK %v series %q string %q", k.UEK(), k.Series(), k)
	}
	rhck, _ := ParseKernelRelease("4.18.0-553.el8_10.x86_64")
	if rhck.UEK() {
		t.Error("RHCK taken for UEK")
	}
}

func TestCompareKernels(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want int
	}{
		{"5.15.0-307.178.5.el8uek.x86_64", "5.15.0-307.178.5.el8uek.x86_64", 0},
		{"5.15.0-300.163.18.el8uek.x86_64", "5.15.0-307.178.5.el8uek.x86_64", -1},
		{"5.15.0-307.178.5.el8uek.x86_64", "5.15.0-307.178.10.el8uek.x86_64", -1},
		{"5.4.17-2136.330.7.1.el7uek.x86_64", "5.15.0-1.el8uek.x86_64", -1},
		{"5.15.0-307.178.5.1.el8uek.x86_64", "5.15.0-307.178.5.el8uek.x86_64", 1},
		{"4.18.0-553.el8_10.x86_64", "4.18.0-553.el8_9.x86_64", 1},
		{"4.18.0-0553.el8.x86_64", "4.18.0-553.el8.x86_64", 0},
		{"4.14.35-2047.518.4.2.el7uek.x86_64", "4.14.35-1902.306.2.el7uek.x86_64", 1},
	}
	for _, tt := range tests {
		a, errA := ParseKernelRelease(tt.a)
		b, errB := ParseKernelRelease(tt.b)
		if errA != nil || errB != nil {
			t.Fatalf("%v %v", errA, errB)
		}
		if got := CompareKernels(a, b); got != tt.want {
			t.Errorf("CompareKernels(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := CompareKernels(b, a); got != -tt.want {
			t.Errorf("CompareKernels(%s, %s) = %d, want %d", tt.b, tt.a, got, -tt.want)
		}
	}
}

func FuzzParseKernel(f *testing.F) {
	for _, s := range []string{"5.15.0-307.178.5.el8uek.x86_64", "4.18.0-553.el8_10.x86_64", "3.10.0-1160.119.1.0.1.el7.x86_64", "6.8.0-1012-oracle"} {
		f.Add(s)
		f.Add(noisy(s + "\n"))
	}
	f.Fuzz(func(t *testing.T, out string) {
		k, err := ParseKernel(out)
		if err != nil {
			return
		}
		if k.Release == "" || k.Build == "" || k.Major < 0 || k.Minor < 0 || k.Patch < 0 {
			t.Fatalf("malformed %+v", k)
		}
		if CompareKernels(k, k) != 0 {
			t.Fatalf("%s does not equal itself", k)
		}
	})
}

// FuzzCompareKernels checks that the order is antisymmetric.
func FuzzCompareKernels(f *testing.F) {
	f.Add("5.15.0-307.178.5.el8uek.x86_64", "5.15.0-300.163.18.el8uek.x86_64")
	f.Add("4.18.0-553.el8_10.x86_64", "4.18.0-553a.el8_10.x86_64")
	f.Fuzz(func(t *testing.T, x, y string) {
		a, errA := ParseKernelRelease(x)
		b, errB := ParseKernelRelease(y)
		if errA != nil || errB != nil {
			return
		}
		if CompareKernels(a, b) != -CompareKernels(b, a) {
			t.Fatalf("order of %q and %q is not antisymmetric", x, y)
		}
	})
}
