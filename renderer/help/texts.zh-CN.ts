/** The help call's texts on the kiosk (namespace `helpCall`). */
export default {
  button: '求助',
  buttonLabel: '求助：视频呼叫值班民警或拨打值班电话',
  menu: {
    heading: '需要帮助？',
    voice: '需要帮助吗？可以视频呼叫值班民警；遇到紧急情况，请按紧急求助，或直接拨打 110。',
    video: '视频呼叫值班民警',
    videoHint: '值班民警会在视频里和您说话',
    emergency: '紧急求助',
    emergencyHint: '遇到危险或紧急情况',
    videoOff: '本机暂不支持视频求助，请拨打下面的电话。',
    close: '返回',
  },
  phones: {
    duty: '值班电话',
    emergency: '紧急情况请拨打',
  },
  starting: '正在打开摄像头和麦克风…',
  ringing: {
    heading: '正在呼叫值班民警…',
    urgentHeading: '紧急呼叫中…',
    voice: '正在呼叫值班民警，请稍候。',
    urgentVoice: '正在紧急呼叫值班民警，请稍候。如有生命危险，请立即拨打 110。',
    waited: '已等待 {seconds} 秒',
    hint: '如果 {seconds} 秒内无人接听，将为您显示值班电话。',
    selfView: '您的画面',
  },
  connecting: '值班民警已接听，正在接通视频…',
  inCall: {
    heading: '正在与{officer}通话',
    officerFallback: '值班民警',
    officerVideo: '值班民警的画面',
    duration: '通话 {time}',
  },
  hangUp: '挂断',
  callAgain: '再次呼叫',
  close: '关闭',
  ended: {
    unanswered: {
      heading: '值班民警暂时没有接听',
      body: '请拨打值班电话，紧急情况请拨打 110。',
      voice: '值班民警暂时没有接听。请拨打值班电话 {phone}，紧急情况请拨打 110。',
    },
    noDesk: {
      heading: '值班民警暂时无法视频接听',
      body: '请拨打值班电话，紧急情况请拨打 110。',
      voice: '值班民警暂时无法视频接听。请拨打值班电话 {phone}，紧急情况请拨打 110。',
    },
    mediaFailed: {
      heading: '视频连接中断',
      body: '网络出现问题，视频无法继续。请拨打值班电话，紧急情况请拨打 110。',
      voice: '视频连接中断。请拨打值班电话 {phone}，紧急情况请拨打 110。',
    },
    mediaNotConnected: {
      heading: '视频未能接通',
      body: '值班民警已接听，但视频没有接通。请拨打值班电话，紧急情况请拨打 110。',
      voice: '视频未能接通。请拨打值班电话 {phone}，紧急情况请拨打 110。',
    },
    deskLeft: {
      heading: '视频连接中断',
      body: '值班民警那边的连接断开了。请拨打值班电话，紧急情况请拨打 110。',
      voice: '视频连接中断。请拨打值班电话 {phone}，紧急情况请拨打 110。',
    },
    kioskLeft: {
      heading: '本机暂时无法通话',
      body: '请拨打值班电话，紧急情况请拨打 110。',
      voice: '本机暂时无法通话。请拨打值班电话 {phone}，紧急情况请拨打 110。',
    },
    cameraUnavailable: {
      heading: '摄像头或麦克风无法使用',
      body: '暂时不能视频呼叫。请拨打值班电话，紧急情况请拨打 110。',
      voice: '摄像头或麦克风无法使用。请拨打值班电话 {phone}，紧急情况请拨打 110。',
    },
    refused: {
      heading: '暂时不能视频呼叫',
      body: '请拨打值班电话，紧急情况请拨打 110。',
      voice: '暂时不能视频呼叫。请拨打值班电话 {phone}，紧急情况请拨打 110。',
    },
    deskHungUp: {
      heading: '值班民警已结束通话',
      body: '如还需要帮助，可以再次呼叫，或拨打值班电话。',
      voice: '值班民警已结束通话。',
    },
    tooLong: {
      heading: '通话已结束',
      body: '通话时间已到。如还需要帮助，请再次呼叫或拨打值班电话。',
      voice: '通话已结束。如还需要帮助，请再次呼叫或拨打值班电话 {phone}。',
    },
    ticket: '您的求助已登记（编号 {number}），值班民警会尽快处理。',
  },
} as const;
