import { z } from 'zod';
import { emailSchema, optionalText, requiredText } from '@/lib/forms/schema';
import { personLevelMax } from '@/lib/people/schema';

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 20_000;

/** One data row of the people CSV, after header mapping. Messages are keys under `admin`. */
export const importRowSchema = z.object({
  name: requiredText(100),
  nameEn: optionalText(100),
  email: emailSchema,
  unitPath: requiredText(1000),
  position: optionalText(100),
  level: optionalText(personLevelMax),
});
export type ImportRow = z.output<typeof importRowSchema>;

export type ImportField = 'name' | 'nameEn' | 'email' | 'unitPath' | 'position' | 'level';

/** Header names accepted for each field (compared after trimming, lowercasing and removing spaces, '_' and '-'). */
export const headerAliases: Record<ImportField, string[]> = {
  name: ['name', 'fullname', '姓名', '名字'],
  nameEn: ['nameen', 'englishname', '英文名', '英文姓名'],
  email: ['email', 'e-mail', 'emailaddress', 'mail', '邮箱', '电子邮箱', '电子邮件', '邮件地址', '邮箱地址'],
  unitPath: ['unitpath', 'unit', 'department', 'dept', '部门路径', '部门', '组织', '所属部门'],
  position: ['position', 'title', 'jobtitle', '职位', '岗位'],
  level: ['level', 'grade', '职级', '级别'],
};
export const requiredFields: ImportField[] = ['name', 'email', 'unitPath'];
