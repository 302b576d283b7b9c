// The first layer's strings (the banner) in each language: one source for the language packs and
// for the script build's banner without Lit (elements/banner-lite.ts), which shows them at once,
// without waiting for the UI or a language file. Each pack spreads its own; a bundle keeps only
// the constants it imports.
import type { Translation } from './translation.js';

export type FirstLayerKey = 'bannerTitle' | 'bannerText' | 'revisionNotice' | 'expiredNotice' | 'policyLink' | 'acceptAll' | 'rejectAll' | 'customize' | 'minorNote';
export type FirstLayer = Pick<Translation, FirstLayerKey>;

export const firstLayerZhCN: FirstLayer = {
  bannerTitle: 'Cookie 与隐私设置',
  bannerText: '我们使用必要的 Cookie 保证网站正常运行。经您同意后，我们还会使用功能、统计分析、个性化推荐和营销类 Cookie 及类似技术。您可以全部接受、全部拒绝或自行选择，并可随时在“隐私设置”中更改或撤回。',
  revisionNotice: '我们的隐私政策已更新，请重新确认您的选择。您之前拒绝的项目仍保持关闭。',
  expiredNotice: '您上次的选择已过期，请重新确认。',
  policyLink: '隐私政策',
  acceptAll: '全部接受',
  rejectAll: '全部拒绝',
  customize: '自定义设置',
  minorNote: '未满十四周岁的用户开启非必要项目需经监护人同意。',
};

export const firstLayerZhTW: FirstLayer = {
  bannerTitle: 'Cookie 與隱私設定',
  bannerText: '我們使用必要的 Cookie 確保網站正常運作。經您同意後，我們也會使用功能、統計分析、個人化推薦及行銷類 Cookie 與類似技術。您可以全部接受、全部拒絕或自行選擇，並可隨時在「隱私設定」中變更或撤回。',
  revisionNotice: '我們的隱私權政策已更新，請重新確認您的選擇。您先前拒絕的項目仍維持關閉。',
  expiredNotice: '您上次的選擇已過期，請重新確認。',
  policyLink: '隱私權政策',
  acceptAll: '全部接受',
  rejectAll: '全部拒絕',
  customize: '自訂設定',
  minorNote: '未滿十四歲的使用者開啟非必要項目需經監護人同意。',
};

export const firstLayerEn: FirstLayer = {
  bannerTitle: 'Cookies and your privacy',
  bannerText: 'We use necessary cookies to run this site. With your consent we also use functional, analytics, personalized recommendation and marketing cookies and similar technologies. You can accept all, reject all or choose, and change or withdraw your choice at any time in “Privacy settings”.',
  revisionNotice: 'Our privacy policy has changed. Please confirm your choice again; what you refused stays off.',
  expiredNotice: 'Your previous choice has expired. Please confirm it again.',
  policyLink: 'Privacy policy',
  acceptAll: 'Accept all',
  rejectAll: 'Reject all',
  customize: 'Customize',
  minorNote: 'For users under 14, enabling anything optional needs a guardian’s consent.',
};
