/**
 * Ethnic group codes (GB 3304) as printed on resident ID cards: 01–56 plus 97 (other) and
 * 98 (foreign origin with Chinese nationality). Names are as the card shows them, without 族.
 */
const names = [
  '汉',
  '蒙古',
  '回',
  '藏',
  '维吾尔',
  '苗',
  '彝',
  '壮',
  '布依',
  '朝鲜',
  '满',
  '侗',
  '瑶',
  '白',
  '土家',
  '哈尼',
  '哈萨克',
  '傣',
  '黎',
  '傈僳',
  '佤',
  '畲',
  '高山',
  '拉祜',
  '水',
  '东乡',
  '纳西',
  '景颇',
  '柯尔克孜',
  '土',
  '达斡尔',
  '仫佬',
  '羌',
  '布朗',
  '撒拉',
  '毛南',
  '仡佬',
  '锡伯',
  '阿昌',
  '普米',
  '塔吉克',
  '怒',
  '乌孜别克',
  '俄罗斯',
  '鄂温克',
  '德昂',
  '保安',
  '裕固',
  '京',
  '塔塔尔',
  '独龙',
  '鄂伦春',
  '赫哲',
  '门巴',
  '珞巴',
  '基诺',
] as const;

/** Code ("01"…"56", "97", "98") → Chinese name. */
export const nationNames: ReadonlyMap<string, string> = new Map<string, string>([
  ...names.map((name, i) => [String(i + 1).padStart(2, '0'), name] as [string, string]),
  ['97', '其他'],
  ['98', '外国血统中国籍人士'],
]);

/** The Chinese name for a nation code, or undefined for a code not on the table. */
export function nationName(code: string): string | undefined {
  return nationNames.get(code);
}
