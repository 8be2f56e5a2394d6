/** Sample documents (the fixture resident 王䶮 with a rare character): tests, benchmarks, the dev dock. */
import type { NoCriminalRecordCertificate } from './certificate';
import type { TrafficPenaltyDecision } from './penalty-decision';

export const SAMPLE_CERTIFICATE: NoCriminalRecordCertificate = {
  number: '京公(东)证字〔2026〕第000123号',
  name: '王䶮',
  sex: '男',
  nationality: '中国',
  documentType: '居民身份证',
  documentNumber: '11010519491231002X',
  purpose: '就业',
  periodFrom: '1967-12-31',
  periodTo: '2026-03-01',
  issuingUnit: '北京市公安局东城分局东华门派出所',
  issuedOn: '2026-03-01',
  validMonths: 3,
};

export const SAMPLE_DECISION: TrafficPenaltyDecision = {
  issuingUnit: '北京市公安局公安交通管理局东城交通支队',
  decisionNumber: '1101011200123456',
  party: {
    name: '王䶮',
    licenceNumber: '11010519491231002X',
    licenceFileNumber: '110012345678',
    permittedClass: 'C1',
    contact: '138****5678',
    licenceIssuer: '北京市公安局公安交通管理局',
  },
  vehicle: { plate: '京A12345', plateType: '小型汽车' },
  violation: {
    time: '2026-02-10 08:15',
    place: '东城区东直门南大街与东四十条交叉路口',
    behaviour: '机动车违反禁令标志指示的',
    code: '13441',
    provisionViolated: '《中华人民共和国道路交通安全法》第三十八条',
    basis: '《中华人民共和国道路交通安全法》第九十条、《北京市实施〈中华人民共和国道路交通安全法〉办法》第一百零二条',
  },
  fineYuan: 200,
  points: 3,
  paymentPlace: '中国工商银行北京市各营业网点或通过"交管12123"APP',
  reviewAuthority: '北京市公安局公安交通管理局或北京市东城区人民政府',
  court: '北京市东城区人民法院',
  decisionPlace: '东华门24小时智慧警务室（自助终端 BJ-DC-0101）',
  decidedOn: '2026-03-01',
  officer: '自助处理',
  remarks: '电子监控记录的违法行为，当事人在自助终端确认并接受处理。',
};
