package dbnode

import (
	"strings"
	"testing"
)

func TestParseDiagDir(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, out, want, wantErr string
	}{
		{"one database", "/u01/app/oracle/diag/rdbms/orcl_site1/ORCL1\n", "orcl_site1", ""},
		{"banner and CRLF", "Last login: today\r\n/u01/app/oracle/diag/rdbms/cdb1_iad1x2/cdb11\r\n", "cdb1_iad1x2", ""},
		{"trailing slash", "/u01/app/oracle/diag/rdbms/orcl_site1/ORCL1/\n", "orcl_site1", ""},
		{"no match", "ls: cannot access '/u01/app/oracle/diag/rdbms/*/ORCL1': No such file or directory\n", "", "no diagnostic directory"},
		{"empty", "", "", "no diagnostic directory"},
		{"two databases", "/u01/app/oracle/diag/rdbms/a/ORCL1\n/u01/app/oracle/diag/rdbms/b/ORCL1\n", "", "both a and b"},
		{"other instance", "/u01/app/oracle/diag/rdbms/a/ORCL2\n", "", "not a diagnostic directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseDiagDir(tt.out, "ORCL1")
			if tt.name == "banner and CRLF" {
				got, err = ParseDiagDir(tt.out, "cdb11")
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseDiagDir() = %q, %v; want error containing %q", got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ParseDiagDir() = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func FuzzParseDiagDir(f *testing.F) {
	f.Add("/u01/app/oracle/diag/rdbms/orcl_site1/ORCL1\n", "ORCL1")
	f.Add("/u01/app/oracle/diag/rdbms/*/ORCL1\n", "ORCL1")
	f.Fuzz(func(t *testing.T, out, sid string) {
		name, err := ParseDiagDir(out, sid)
		if err == nil && (name == "" || strings.Contains(name, "/")) {
			t.Fatalf("accepted %q as a DB_UNIQUE_NAME", name)
		}
	})
}
