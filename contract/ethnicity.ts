/**
 * China's 56 ethnic groups in GB/T 3304 order (codes 01–56), plus 97 (other) and 98 (foreign origin
 * with Chinese nationality): the Chinese name as the ID card prints it (without 族) and the English
 * name of the standard's romanisation. Shared by the card reader (code → name) and the screens
 * (Chinese name → English for residents reading in English).
 */
const GROUPS = [
  ['汉', 'Han'], ['蒙古', 'Mongol'], ['回', 'Hui'], ['藏', 'Tibetan'], ['维吾尔', 'Uyghur'], ['苗', 'Miao'], ['彝', 'Yi'],
  ['壮', 'Zhuang'], ['布依', 'Bouyei'], ['朝鲜', 'Korean'], ['满', 'Manchu'], ['侗', 'Dong'], ['瑶', 'Yao'], ['白', 'Bai'],
  ['土家', 'Tujia'], ['哈尼', 'Hani'], ['哈萨克', 'Kazakh'], ['傣', 'Dai'], ['黎', 'Li'], ['傈僳', 'Lisu'], ['佤', 'Va'],
  ['畲', 'She'], ['高山', 'Gaoshan'], ['拉祜', 'Lahu'], ['水', 'Sui'], ['东乡', 'Dongxiang'], ['纳西', 'Naxi'], ['景颇', 'Jingpo'],
  ['柯尔克孜', 'Kirgiz'], ['土', 'Tu'], ['达斡尔', 'Daur'], ['仫佬', 'Mulao'], ['羌', 'Qiang'], ['布朗', 'Blang'], ['撒拉', 'Salar'],
  ['毛南', 'Maonan'], ['仡佬', 'Gelao'], ['锡伯', 'Xibe'], ['阿昌', 'Achang'], ['普米', 'Pumi'], ['塔吉克', 'Tajik'], ['怒', 'Nu'],
  ['乌孜别克', 'Uzbek'], ['俄罗斯', 'Russian'], ['鄂温克', 'Ewenki'], ['德昂', "De'ang"], ['保安', 'Bonan'], ['裕固', 'Yugur'],
  ['京', 'Gin'], ['塔塔尔', 'Tatar'], ['独龙', 'Derung'], ['鄂伦春', 'Oroqen'], ['赫哲', 'Hezhen'], ['门巴', 'Monba'], ['珞巴', 'Lhoba'],
  ['基诺', 'Jino'],
] as const;

const OTHERS = [
  ['97', '其他', 'Other'],
  ['98', '外国血统中国籍人士', 'Chinese citizen of foreign origin'],
] as const;

/** Code ("01"…"56", "97", "98") → { zh, en }. */
export const ETHNIC_GROUPS: ReadonlyMap<string, { zh: string; en: string }> = new Map<string, { zh: string; en: string }>([
  ...GROUPS.map(([zh, en], i): [string, { zh: string; en: string }] => [String(i + 1).padStart(2, '0'), { zh, en }]),
  ...OTHERS.map(([code, zh, en]): [string, { zh: string; en: string }] => [code, { zh, en }]),
]);

const byChinese = new Map([...ETHNIC_GROUPS.values()].map((group) => [group.zh, group.en]));

/** The name to show: English for an English screen when the group is known, the Chinese name otherwise. */
export function ethnicityName(chinese: string, locale: 'zh-CN' | 'en'): string {
  if (locale === 'zh-CN') return chinese;
  return byChinese.get(chinese.replace(/族$/, '')) ?? chinese;
}
