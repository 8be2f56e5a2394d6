/**
 * Seeds of the simulator's tip-offs and notices (fixtures.ts TIP_OFF and NOTICE): an anonymous
 * tip-off under review, a named one closed, and the notices of an ordinary week at a post — two
 * anti-fraud warnings, a missing person (JPEG photo), a wanted person (PNG photo), an announcement,
 * the post's WeChat group and one that expired last month. Dated relative to `now`.
 */
import type * as s from '../gateway/schemas';
import type { SimDatabase } from './db';
import { NOTICE, RESIDENT, TIP_OFF } from './fixtures';
import { imageDescriptor, portraitJpeg, portraitPng } from './notice-images';

const DAY = 86_400_000;

export function seedInfo(db: SimDatabase, now: Date): void {
  const tipOffs = db.prepare('SELECT COUNT(*) AS n FROM tip_offs').get() as { n: number };
  if (tipOffs.n === 0) {
    const ins = db.prepare(`INSERT INTO tip_offs (tracking_no, kiosk_id, kiosk_reference, category, place, text, reporter_id_number, status, received_at, updated_at, note)
      VALUES (?,?,?,?,?,?,?,?,?,?,?)`);
    ins.run(TIP_OFF.anonymousReviewing, 'BJ-DC-0101', 'SEED-1', 'gambling', '东华门大街', '夜里有人在地下室聚众赌博。', null, 'reviewing', '2025-06-10T13:20:00.000Z', '2025-06-11T02:00:00.000Z', null);
    ins.run(TIP_OFF.namedClosed, 'BJ-DC-0101', 'SEED-2', 'fraud', null, '有人打电话冒充客服要求转账。', RESIDENT.applicationInProgress, 'closed', '2025-06-02T01:10:00.000Z', '2025-06-05T07:30:00.000Z', '已核查处理，感谢您的举报');
  }

  const notices = db.prepare('SELECT COUNT(*) AS n FROM notices').get() as { n: number };
  if (notices.n > 0) return;
  const at = (days: number) => new Date(now.getTime() + days * DAY).toISOString();
  const missingPhoto = portraitJpeg({ width: 360, height: 450, background: [214, 224, 236], figure: [70, 84, 104] });
  const wantedPhoto = portraitPng({ width: 360, height: 450, background: [236, 226, 214], figure: [92, 72, 60] });
  const images: { id: string; type: s.NoticeImage['contentType']; bytes: Buffer }[] = [
    { id: 'IMG-MISSING-001', type: 'image/jpeg', bytes: missingPhoto },
    { id: 'IMG-WANTED-001', type: 'image/png', bytes: wantedPhoto },
  ];
  const insImage = db.prepare('INSERT INTO notice_images (image_id, content_type, data) VALUES (?,?,?)');
  for (const image of images) insImage.run(image.id, image.type, image.bytes);

  const list: s.Notice[] = [
    {
      noticeId: NOTICE.impersonation, kind: 'antiFraud', priority: 9, validFrom: at(-30), updatedAt: at(-2),
      title: { 'zh-CN': '警惕冒充公检法诈骗', en: 'Beware of callers posing as police' },
      body: {
        'zh-CN': '公安机关不会通过电话、微信办案，不会要求您把钱转到“安全账户”。接到这类电话请立即挂断，拨打110核实。',
        en: 'The police never handle cases by phone or WeChat and never ask you to move money to a "safe account". Hang up and call 110.',
      },
    },
    {
      noticeId: NOTICE.rebate, kind: 'antiFraud', priority: 7, validFrom: at(-20), updatedAt: at(-5),
      title: { 'zh-CN': '刷单返利都是诈骗', en: 'Paid "order boosting" is always a scam' },
      body: { 'zh-CN': '先给小额返利、再诱导大额投入是典型骗局。凡是要求先垫付的兼职，一律是诈骗。', en: 'Small rebates first, then a big deposit: a classic scam. Any side job that asks you to pay first is fraud.' },
    },
    {
      noticeId: NOTICE.missing, kind: 'missingPerson', priority: 8, validFrom: at(-3), updatedAt: at(-1), image: imageDescriptor('IMG-MISSING-001', 'image/jpeg', missingPhoto),
      title: { 'zh-CN': '寻人启事：李某某，男，72岁', en: 'Missing: Mr Li, 72' },
      body: {
        'zh-CN': '李某某，男，72岁，身高约170厘米，6月13日上午在王府井大街附近走失，走失时穿灰色上衣、黑色裤子，患有阿尔茨海默病。如有线索请拨打110或联系东华门派出所。',
        en: 'Mr Li, 72, about 170 cm, went missing near Wangfujing Street on the morning of 13 June, wearing a grey top and black trousers. He has Alzheimer\'s disease. Please call 110 or the Donghuamen police station.',
      },
    },
    {
      noticeId: NOTICE.wanted, kind: 'wantedPerson', priority: 6, validFrom: at(-10), updatedAt: at(-10), image: imageDescriptor('IMG-WANTED-001', 'image/png', wantedPhoto),
      title: { 'zh-CN': '悬赏通告：盗窃案嫌疑人', en: 'Reward notice: theft suspect' },
      body: { 'zh-CN': '5月以来东城区多起入室盗窃案的嫌疑人，男，约30岁，身高约175厘米。提供线索协助破案者奖励人民币一万元。请勿自行抓捕，拨打110报警。', en: 'Suspect in several burglaries in Dongcheng since May: male, about 30, about 175 cm. A reward of 10,000 yuan for information. Do not approach him; call 110.' },
    },
    {
      noticeId: NOTICE.announcement, kind: 'announcement', priority: 5, validFrom: at(-7), updatedAt: at(-7),
      title: { 'zh-CN': '本警务室可自助办理临时身份证', en: 'Temporary ID cards at this kiosk' },
      body: { 'zh-CN': '身份证丢失或换领期间急用，可在本机自助办理临时身份证，当场制证，收费10元。', en: 'If your ID card is lost or being renewed, get a temporary ID card here, printed on the spot, for 10 yuan.' },
    },
    {
      noticeId: NOTICE.wechat, kind: 'wechatGroup', priority: 4, validFrom: at(-60), updatedAt: at(-60), qrPayload: 'https://work.weixin.qq.com/gm/5f7c1a0e2b9d4c3a8e6f0d1b2a3c4d5e',
      title: { 'zh-CN': '扫码加入东华门社区警务群', en: 'Join the Donghuamen community police group' },
      body: { 'zh-CN': '社区民警在群里发布防骗提醒和办事指南，也可以在群里咨询。', en: 'Community officers post anti-fraud warnings and how-to guides in the group, and answer questions.' },
    },
    {
      noticeId: NOTICE.expired, kind: 'announcement', priority: 9, validFrom: at(-90), validUntil: at(-30), updatedAt: at(-90),
      title: { 'zh-CN': '春节期间办公时间调整', en: 'Spring Festival opening hours' },
      body: { 'zh-CN': '春节期间窗口办公时间调整为上午9点至下午4点。', en: 'During the Spring Festival the counters open 9:00 to 16:00.' },
    },
  ];
  const ins = db.prepare('INSERT INTO notices (notice_id, body) VALUES (?, ?)');
  for (const notice of list) ins.run(notice.noticeId, JSON.stringify(notice));
}
