"""Data for the demo households (`demo.py`): Chinese names, employers, banks, places.

Surnames carry rough relative frequencies (the common-surname tables of the 2020 census, rounded);
given names are grouped by sex and by birth cohort, because names follow fashions: a man born in 1950
is often 建国 or 国庆, a boy born in 2015 is more often 浩宇 or 子轩. Every list is a tuple, so the
order, and therefore the demo data for a seed, never changes between runs.
"""

# Surname:weight, weights per mille of the population, rounded.
SURNAMES: tuple[tuple[str, int], ...] = tuple(
    (s, int(w))
    for s, w in (
        item.split(":")
        for item in (
            "王:72 李:70 张:65 刘:53 陈:45 杨:31 赵:21 黄:21 周:18 吴:18 "
            "徐:14 孙:14 胡:12 朱:12 高:12 林:11 何:11 郭:11 马:11 罗:9 梁:9 "
            "宋:8 郑:8 谢:7 韩:7 唐:7 冯:7 于:7 董:6 萧:2 程:5 曹:5 袁:5 邓:5 "
            "许:5 傅:4 沈:4 曾:4 彭:4 吕:4 苏:4 卢:4 蒋:4 蔡:4 贾:3 丁:3 魏:3 "
            "薛:3 叶:3 阎:2 余:3 潘:3 杜:3 戴:2 夏:2 钟:2 汪:2 田:3 任:3 姜:3 "
            "范:2 方:2 石:2 姚:2 谭:2 廖:2 邹:2 熊:2 金:2 陆:2 郝:2 孔:2 白:2 "
            "崔:2 康:2 毛:2 邱:2 秦:2 江:2 史:2 顾:2 侯:2 邵:2 孟:2 龙:2 万:2 "
            "段:2 雷:2 钱:2 汤:2 尹:2 黎:1 易:1 常:1 武:1 乔:1 贺:1 赖:1 龚:1 "
            "文:1 庞:1 樊:1 兰:1 殷:1 施:1 陶:1 洪:1 翟:1 安:1 颜:1 倪:1 严:1 "
            "牛:1 温:1 芦:1 季:1 俞:1 章:1 鲁:1 葛:1 伍:1 韦:1 申:1 尤:1 毕:1 "
            "聂:1 焦:1 向:1 柳:1 邢:1 岳:1 齐:1 梅:1 莫:1 庄:1 辛:1 管:1 祝:1 "
            "左:1 涂:1 谷:1 时:1 欧阳:1 司马:1 上官:1"
        ).split()
    )
)

# Given names by sex and cohort: "old" born before 1965, "mid" 1965-1984, "young" 1985-2004,
# "child" 2005 and later.
GIVEN_NAMES: dict[tuple[str, str], tuple[str, ...]] = {
    ("M", "old"): tuple(
        (
            "建国 国庆 建华 建军 国华 志明 德胜 振华 卫国 福生 长江 永福 树林 保国 文明 玉山 宝田 "
            "秀山 德明 学文 庆祥 占山 凤岐 连生 金生 春生 有才 广田 洪亮 桂林 福全 根生 志刚 万里 "
            "兆祥 援朝"
        ).split()
    ),
    ("F", "old"): tuple(
        (
            "秀英 桂兰 淑珍 玉兰 桂英 秀兰 凤英 玉珍 淑兰 秀珍 桂芝 玉英 素珍 淑英 凤兰 桂珍 翠兰 "
            "金凤 兰英 玉芝 淑芬 秀云 春兰 凤琴 桂香 玉梅 秀芳 凤霞 秀琴 淑华 月英 爱华 美兰 玉凤 "
            "素英 桂荣"
        ).split()
    ),
    ("M", "mid"): tuple(
        (
            "伟 磊 强 军 勇 杰 涛 斌 超 明 刚 平 辉 鹏 华 飞 波 建明 海涛 志强 永刚 建伟 立新 "
            "红军 卫东 晓东 海波 志勇 文斌 国强 建平 春雷 学军 振宇 晓光 宏伟"
        ).split()
    ),
    ("F", "mid"): tuple(
        (
            "丽 静 敏 燕 艳 娟 霞 芳 红 丽娟 海燕 晓燕 丽华 红梅 秀梅 春燕 丽红 晓红 雪梅 慧 玲 "
            "丹 萍 利 红霞 晓丽 淑敏 艳红 美玲 彩霞 亚男 建红 爱玲 小红 丽萍 春梅"
        ).split()
    ),
    ("M", "young"): tuple(
        (
            "浩 鑫 磊 宇 帅 鹏 凯 博 旭 阳 晨 昊 浩然 俊杰 子豪 家豪 文博 天宇 明轩 一鸣 晓峰 "
            "嘉伟 志鹏 宇航 思远 泽宇 俊凯 宏宇 振东 子龙 佳豪 永健 少杰 天翔 亚飞 晨阳"
        ).split()
    ),
    ("F", "young"): tuple(
        (
            "婷 雪 倩 颖 琳 洁 璐 晶 婷婷 丹丹 佳怡 思雨 雅琪 欣怡 梦瑶 晓雪 雨萱 佳琪 美琪 欣然 "
            "静怡 慧敏 雅婷 诗雨 梦琪 晓彤 玉洁 佳慧 紫薇 若兰 文静 悦 莹莹 晓雯 雨婷 嘉欣"
        ).split()
    ),
    ("M", "child"): tuple(
        (
            "浩宇 子轩 宇轩 梓睿 浩然 子墨 一诺 俊熙 宇泽 皓轩 子豪 睿泽 博文 梓豪 沐阳 铭泽 子睿 "
            "思源 奕辰 宇航 嘉懿 煜城 懿轩 烨伟 明杰 天佑 文轩 梓航 锦程 承泽 景行 泽楷 辰逸 逸飞 "
            "诗博 昊然"
        ).split()
    ),
    ("F", "child"): tuple(
        (
            "梓涵 一诺 欣怡 子涵 紫萱 梓萱 诗涵 雨桐 可馨 语桐 若汐 依诺 思琪 雨涵 梦瑶 嘉怡 佳琪 "
            "悦彤 芷若 沐晴 诗琪 雨萱 艺涵 静琪 梓琳 欣妍 语嫣 梓晴 书瑶 安琪 佳怡 子萱 心怡 晨曦 "
            "雅涵 婉清"
        ).split()
    ),
}

# Ethnicity (民族) with rough weights for Beijing.
ETHNICITIES: tuple[tuple[str, int], ...] = (
    ("汉族", 950),
    ("满族", 20),
    ("回族", 17),
    ("蒙古族", 5),
    ("朝鲜族", 3),
    ("土家族", 2),
    ("壮族", 2),
    ("苗族", 1),
)

# Employers of the demo (fictitious, in the style of the demo unions: "顺义某汽车零部件公司").
EMPLOYERS: tuple[str, ...] = (
    "某物流有限公司",
    "某物业管理有限公司",
    "某餐饮管理有限公司",
    "某建筑工程有限公司",
    "某保洁服务有限公司",
    "某超市连锁有限公司",
    "某食品加工厂",
    "某商贸有限公司",
    "某汽车维修服务中心",
    "某家政服务有限公司",
    "某服装加工厂",
    "某快递服务站",
    "某保安服务有限公司",
    "某医药连锁有限公司",
    "某印刷厂",
    "某酒店管理有限公司",
    "某农业合作社",
    "某绿化工程有限公司",
    "某电子科技有限公司",
    "某社区卫生服务站",
)
FLEXIBLE_JOBS: tuple[str, ...] = (
    "外卖配送",
    "网约车驾驶员",
    "家政服务",
    "零工",
    "摊贩",
    "快递配送",
    "保洁小时工",
    "装修零工",
    "代驾",
    "护工",
)

BANKS: tuple[tuple[str, str], ...] = (
    # (bank, leading digits of its debit cards, used for the demo account numbers)
    ("北京农村商业银行", "621067"),
    ("中国工商银行", "622202"),
    ("中国农业银行", "622848"),
    ("中国建设银行", "621700"),
    ("中国银行", "621661"),
    ("中国邮政储蓄银行", "621799"),
    ("北京银行", "621468"),
)

CAR_MODELS: tuple[tuple[str, str], ...] = (
    ("大众捷达", "1.5L"),
    ("大众桑塔纳", "1.6L"),
    ("丰田卡罗拉", "1.2T"),
    ("本田飞度", "1.5L"),
    ("比亚迪F3", "1.5L"),
    ("五菱宏光", "1.5L"),
    ("长安逸动", "1.6L"),
    ("吉利帝豪", "1.5L"),
    ("现代伊兰特", "1.6L"),
    ("奇瑞QQ", "1.0L"),
    ("哈弗H6", "1.5T"),
    ("比亚迪秦", "1.5L"),
)
MOTORCYCLE_MODELS: tuple[str, ...] = ("五羊本田", "豪爵铃木", "嘉陵", "宗申三轮摩托", "大阳")
MOBILITY_AID_MODELS: tuple[str, ...] = ("残疾人机动轮椅车", "电动轮椅车", "残疾人专用电动三轮车")
PLATE_LETTERS = "ABCEFGHJKLMNPQY"
PLATE_CHARS = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"

# Places of origin of migrant workers (农民工) and of support obligors living elsewhere:
# (six-digit county code, address prefix).
OUTSIDE_COUNTIES: tuple[tuple[str, str], ...] = (
    ("130681", "河北省保定市涿州市"),
    ("130629", "河北省保定市容城县"),
    ("131082", "河北省廊坊市三河市"),
    ("130223", "河北省唐山市滦州市"),
    ("411522", "河南省信阳市光山县"),
    ("412726", "河南省周口市郸城县"),
    ("371326", "山东省临沂市平邑县"),
    ("341221", "安徽省阜阳市临泉县"),
    ("140428", "山西省长治市长子县"),
    ("232301", "黑龙江省绥化市北林区"),
)
# Other Beijing districts where grown-up children of demo households live.
BEIJING_DISTRICTS: tuple[tuple[str, str], ...] = (
    ("110101", "北京市东城区"),
    ("110102", "北京市西城区"),
    ("110106", "北京市丰台区"),
    ("110108", "北京市海淀区"),
    ("110114", "北京市昌平区"),
    ("110115", "北京市大兴区"),
    ("110117", "北京市平谷区"),
)

CAUSES: tuple[str, ...] = (
    "本人患慢性病，长期服药，医疗支出大",
    "配偶患重病住院治疗，自付费用高",
    "子女上学，教育支出较大",
    "本人残疾，劳动能力部分丧失",
    "企业经营困难，收入下降",
    "单亲家庭，独自抚养子女",
    "家庭成员无稳定收入",
    "因意外事故致困",
    "赡养老人负担重",
    "下岗失业后再就业困难",
)
MEASURES: tuple[str, ...] = (
    "推荐就业岗位，参加职业技能培训",
    "协助办理医疗互助保障和大病救助",
    "申请子女助学金",
    "纳入送温暖活动慰问",
    "协助申请最低生活保障",
    "帮助缴纳社会保险",
    "安排结对帮扶，定期走访",
)
