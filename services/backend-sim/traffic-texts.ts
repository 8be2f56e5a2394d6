/**
 * The simulator's texts for penalty decisions: plate-type words (GA 24.7), the provision each
 * behaviour code breaks and the article the penalty rests on, and the post's fixed wording (where
 * to pay, where to appeal). Simulator data in the shape a traffic-police system holds it; a real
 * backend has its own catalogue.
 */

export const PLATE_TYPE_WORDS: Record<string, string> = {
  '01': '大型汽车',
  '02': '小型汽车',
  '03': '使馆汽车',
  '04': '领馆汽车',
  '07': '普通摩托车',
  '15': '挂车',
  '16': '教练汽车',
  '23': '警用汽车',
  '26': '香港入出境车',
  '27': '澳门入出境车',
  '51': '大型新能源汽车',
  '52': '小型新能源汽车',
};

const LAW = '《中华人民共和国道路交通安全法》';
const REGULATION = '《中华人民共和国道路交通安全法实施条例》';

/** Behaviour code → the provision violated and the legal basis of the penalty. */
const PROVISIONS: Record<string, { violated: string; basis: string }> = {
  '1345': { violated: `${LAW}第三十八条`, basis: `${LAW}第九十条` },
  '1352': { violated: `${LAW}第三十八条`, basis: `${LAW}第九十条` },
  '1039': { violated: `${LAW}第五十六条`, basis: `${LAW}第九十三条` },
  '1722': { violated: `${LAW}第四十八条`, basis: `${LAW}第九十二条` },
  '1636': { violated: `${LAW}第四十二条`, basis: `${LAW}第九十条` },
  '1603': { violated: `${LAW}第四十二条`, basis: `${LAW}第九十九条` },
  '1625': { violated: `${LAW}第四十四条`, basis: `${LAW}第九十条` },
  '4306': { violated: `${REGULATION}第七十八条`, basis: `${LAW}第九十条` },
};

export function provisionsFor(code: string): { violated: string; basis: string } {
  return PROVISIONS[code] ?? { violated: `${LAW}有关规定`, basis: `${LAW}第九十条` };
}

/** The post's fixed wording on every decision (configuration of the traffic-police system). */
export interface DecisionWording {
  licenceIssuer: string;
  paymentPlace: string;
  reviewAuthority: string;
  court: string;
}

export const DEFAULT_DECISION_WORDING: DecisionWording = {
  licenceIssuer: '北京市公安局公安交通管理局',
  paymentPlace: '本自助终端、中国工商银行北京市各营业网点或通过“交管12123”APP',
  reviewAuthority: '北京市公安局公安交通管理局或北京市东城区人民政府',
  court: '北京市东城区人民法院',
};

export const KIOSK_REMARKS = '电子监控记录的违法行为，当事人在自助终端确认并接受处理。';
