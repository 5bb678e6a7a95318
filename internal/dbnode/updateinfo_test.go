package dbnode

import (
	"slices"
	"testing"
)

func TestParseUpdateInfo(t *testing.T) {
	t.Parallel()
	sec := fixture(t, "updateinfo_security.txt")
	tests := []struct {
		name    string
		out     string
		want    []Advisory
		wantErr []string
	}{
		{name: "security", out: sec, want: []Advisory{
			{ID: "ELSA-2026-12345", Type: "security", Severity: SeverityImportant, Package: "kernel-uek-5.15.0-307.178.5.el8uek.x86_64"},
			{ID: "ELSA-2026-12345", Type: "security", Severity: SeverityImportant, Package: "kernel-uek-devel-5.15.0-307.178.5.el8uek.x86_64"},
			{ID: "ELSA-2026-4411", Type: "security", Severity: SeverityModerate, Package: "openssl-1:1.1.1k-14.el8_10.x86_64"},
			{ID: "ELSA-2026-4502", Type: "security", Severity: SeverityCritical, Package: "glibc-2.28-251.0.3.el8_10.x86_64"},
			{ID: "ELSA-2026-4620", Type: "security", Severity: SeverityLow, Package: "vim-minimal-2:8.0.1763-19.0.1.el8_6.4.x86_64"},
		}},
		{name: "none", out: "Last metadata expiration check: 0:00:01 ago on Sun 22 Nov 2026 12:28:00 PM UTC.\n"},
		{name: "quiet and empty", out: ""},
		{name: "bugfix and no severity", out: "ELBA-2026-1 bugfix tzdata-2026a-1.el8.noarch\nELSA-2026-2 None/Sec. foo-1-1.el8.x86_64\n", want: []Advisory{
			{ID: "ELBA-2026-1", Type: "bugfix", Package: "tzdata-2026a-1.el8.noarch"},
			{ID: "ELSA-2026-2", Type: "security", Package: "foo-1-1.el8.x86_64"},
		}},
		{name: "banner skipped", out: noisy("ELSA-2026-4502 Critical/Sec. glibc-2.28-251.0.3.el8_10.x86_64\n"), want: []Advisory{
			{ID: "ELSA-2026-4502", Type: "security", Severity: SeverityCritical, Package: "glibc-2.28-251.0.3.el8_10.x86_64"},
		}},
		{name: "dnf error", out: "Error: Failed to download metadata for repo 'ol8_baseos_latest'\n", wantErr: []string{"dnf reported an error", "ol8_baseos_latest"}},
		{name: "garbage after list", out: "ELSA-2026-4502 Critical/Sec. glibc-2.28-251.0.3.el8_10.x86_64\nsomething odd here now\n", wantErr: []string{"not advisory, type and package"}},
		{name: "bad severity", out: "ELSA-2026-4502 Critical/Sec. glibc-2.28-251.0.3.el8_10.x86_64\nELSA-1-1 Urgent/Sec. foo-1-1.x86_64\n", wantErr: []string{`"Urgent" is not a severity`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseUpdateInfo(tt.out)
			checkErr(t, err, tt.wantErr)
			if err == nil && !slices.Equal(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestMapCVEs(t *testing.T) {
	t.Parallel()
	advisories, err := ParseUpdateInfo(fixture(t, "updateinfo_security.txt"))
	if err != nil {
		t.Fatal(err)
	}
	cves, err := ParseUpdateInfo(fixture(t, "updateinfo_cves.txt"))
	if err != nil {
		t.Fatal(err)
	}
	got := MapCVEs(advisories, cves)
	want := []CVEFix{
		{CVE: "CVE-2026-1234", Advisory: "ELSA-2026-12345", Severity: SeverityImportant, Package: "kernel-uek-5.15.0-307.178.5.el8uek.x86_64"},
		{CVE: "CVE-2026-1240", Advisory: "ELSA-2026-12345", Severity: SeverityImportant, Package: "kernel-uek-5.15.0-307.178.5.el8uek.x86_64"},
		{CVE: "CVE-2026-22001", Advisory: "ELSA-2026-4411", Severity: SeverityModerate, Package: "openssl-1:1.1.1k-14.el8_10.x86_64"},
		{CVE: "CVE-2026-30001", Advisory: "ELSA-2026-4502", Severity: SeverityCritical, Package: "glibc-2.28-251.0.3.el8_10.x86_64"},
		{CVE: "CVE-2026-40001", Severity: SeverityLow, Package: "nss-3.101.0-1.el8_10.x86_64"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestSeverityRank(t *testing.T) {
	t.Parallel()
	order := []Severity{SeverityNone, SeverityLow, SeverityModerate, SeverityImportant, SeverityCritical}
	for i := 1; i < len(order); i++ {
		if order[i].Rank() <= order[i-1].Rank() {
			t.Errorf("%q does not outrank %q", order[i], order[i-1])
		}
	}
}

func FuzzParseUpdateInfo(f *testing.F) {
	addFixtures(f, "updateinfo_security.txt", "updateinfo_cves.txt")
	f.Fuzz(func(t *testing.T, out string) {
		list, err := ParseUpdateInfo(out)
		if err != nil {
			return
		}
		for _, a := range list {
			if !advisoryID.MatchString(a.ID) || a.Package == "" || a.Type == "" || (a.Severity != SeverityNone && a.Severity.Rank() == 0) {
				t.Fatalf("malformed %+v", a)
			}
		}
		for _, fix := range MapCVEs(list, list) {
			if !cveID.MatchString(fix.CVE) {
				t.Fatalf("CVE fix %+v", fix)
			}
		}
	})
}
