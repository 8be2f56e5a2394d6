export default {
  app: { title: '24小时智慧警务室', subtitle: '自助服务终端' },
  attract: {
    touchToStart: '轻触屏幕开始办理',
    hint: '全天24小时自助办理。需要帮助，请拨打屏幕上方的值班电话；紧急情况请拨打 110。',
    services: '可办理业务',
  },
  home: {
    heading: '请选择您要办理的业务',
    voice: '请选择您要办理的业务',
    notAvailableBadge: '本机暂未开通',
    pausedBadge: '暂停办理',
    /** Why a service is paused, by the device that stops it (plain words, where to go instead). */
    paused: {
      cardPrinter: '制证设备维护中，请到窗口办理',
      receiptPrinter: '打印设备维护中，请到窗口办理',
      idCardReader: '读卡设备维护中，请到窗口办理',
      qrScanner: '扫码设备维护中，请到窗口办理',
      contactlessReader: '证件读取设备维护中，请到窗口办理',
      /** Paused by staff from the fleet console (no device to blame). */
      byStaff: '本业务暂停办理，请到窗口办理',
    },
  },
  services: {
    tempIdCard: { name: '临时身份证', description: '身份证丢失、换领期间急用' },
    traffic: { name: '交通违法', description: '查询、处理违法并缴纳罚款' },
    noCriminalRecord: { name: '无犯罪记录证明', description: '自助开具，当场打印' },
    exitEntry: { name: '出入境签注', description: '港澳通行证再次签注' },
    progress: { name: '进度查询', description: '查询业务办理进度' },
    help: { name: '求助', description: '视频呼叫值班民警，或拨打值班电话' },
  },
  unavailable: {
    heading: '{service}暂未在本机开通',
    body: '本机暂时不能办理这项业务。',
    whatNext: '请到派出所服务窗口办理，或拨打值班电话咨询。',
    emergency: '如遇紧急情况，请直接拨打 110。',
    pausedHeading: '{service}暂停办理',
  },
  help: {
    heading: '需要帮助？',
    voice: '需要帮助，请拨打值班电话 {phone}。紧急情况请拨打 110。',
    dutyPhone: '值班电话',
    emergency: '紧急情况请拨打',
    body: '值班民警会接听电话。本机暂不支持视频求助。',
  },
  nav: { home: '返回首页', back: '返回' },
  idle: {
    title: '您还在吗？',
    body: '如果没有操作，{seconds} 秒后将结束办理、清除您的信息，并回到欢迎页面。',
    continue: '继续办理',
    leave: '结束办理',
  },
  status: {
    devices: { ok: '设备正常', degraded: '部分设备需维护', down: '设备故障', unknown: '设备状态未知' },
    dutyPhone: '值班电话 {phone}',
    voiceOn: '语音已开',
    voiceHealth: { degraded: '语音提示需维护', silent: '语音提示暂不可用' },
    voiceOff: '语音已关',
  },
  core: {
    unavailableTitle: '服务暂时不可用',
    unavailableBody: '系统正在自动恢复，请稍候片刻。您的信息不会丢失，也不会重复收费。',
  },
  language: { switchTo: 'English', label: '切换语言' },
  assist: {
    elderly: '长辈模式',
    readAloud: '再听一遍',
    volume: '音量：{level}',
    volumeLevel: { 1: '小', 2: '中', 3: '大' },
  },
} as const;
