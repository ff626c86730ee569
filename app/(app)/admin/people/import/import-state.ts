import type { RowReport } from '@/lib/import/import-people';

export type ImportState = {
  seq: number;
  fileName?: string;
  error?: { key: string; params?: Record<string, string | number> };
  result?: {
    counts: Record<'created' | 'updated' | 'unchanged' | 'rejected', number>;
    encoding: string;
    ignoredColumns: string[];
    rows: RowReport[];
    totalRows: number;
  };
};
