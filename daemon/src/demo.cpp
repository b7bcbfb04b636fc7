#include "demo.h"

#include <cstdio>
#include <random>

#include "jxjy/text.h"

namespace jxjyd {
namespace {

struct DemoUnit {
    const char* code;
    const char* name;
    const char* kind;
};

// In the order of the notice's schedule (9月25日上午 … 9月28日下午).
constexpr DemoUnit kUnits[] = {
    {"zhaoya", "兆雅镇教育管理中心", "center"},
    {"yunlong", "云龙镇教育管理中心", "center"},
    {"fuji", "福集镇教育管理中心", "center"},
    {"tianyu", "天宇职高", "direct"},
    {"chengbei", "城北中学", "direct"},
    {"chaohe", "潮河镇教育管理中心", "center"},
    {"tianxing", "天兴镇教育管理中心", "center"},
    {"desheng", "得胜镇教育管理中心", "center"},
    {"liuzhong", "泸县六中", "direct"},
    {"shiyan", "泸县实验学校", "direct"},
    {"pilu", "毗卢镇教育管理中心", "center"},
    {"xuantan", "玄滩镇教育管理中心", "center"},
    {"qifeng", "奇峰镇教育管理中心", "center"},
    {"dianzi", "电子机械学校", "direct"},
    {"taifu", "太伏镇教育管理中心", "center"},
    {"lishi", "立石镇教育管理中心", "center"},
    {"haichao", "海潮镇教育管理中心", "center"},
    {"yizhong", "泸县一中", "direct"},
    {"yunjin", "云锦镇教育管理中心", "center"},
    {"sizhong", "泸县四中", "direct"},
    {"tejiao", "泸县特殊教育学校", "direct"},
    {"yuchan", "玉蟾街道教育管理中心", "center"},
    {"jiuzhong", "泸县九中", "direct"},
    {"erwai", "泸县二中外国语实验学校", "direct"},
    {"chengxi", "城西学校", "direct"},
    {"liangcai", "梁才学校", "direct"},
    {"fangdong", "方洞镇教育管理中心", "center"},
    {"yusi", "喻寺镇教育管理中心", "center"},
    {"jiaming", "嘉明镇教育管理中心", "center"},
    {"jianxiao", "泸县建校", "direct"},
    {"wuzhong", "泸县五中", "direct"},
    {"dianjiao", "泸县电教馆", "direct"},
    {"jinxiu", "泸县教师进修学校（教职工）", "direct"},
    {"shiqiao", "石桥镇教育管理中心", "center"},
    {"baihe", "百和镇教育管理中心", "center"},
    {"niutan", "牛滩镇教育管理中心", "center"},
    {"erzhong", "泸县二中", "direct"},
    {"qita", "其他单位", "direct"},
};

const char* const kSurnames[] = {"张", "王", "李", "赵", "刘", "陈", "杨", "黄",
                                 "周", "吴", "徐", "孙", "胡", "朱", "高", "罗"};
const char* const kGiven[] = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军",
                              "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "霞"};

constexpr const char* kSampleUnit = "erzhong";

std::string fmt(double v) {
    return jxjy::text::format_number(v);
}

// The sample unit's roster in the official layout, filled from its official
// records the way a school would, with three typical mistakes: an ID that lost
// its zeros, a 合计 typed wrong and a 验审意见 that contradicts the rule.
std::string sample_roster(const std::vector<jxjy::OfficialRecord>& records, const jxjy::Policy* policy) {
    std::string csv =
        "泸县 2023 年专业技术人员继续教育证书验证名册\n单位（盖章）：泸县二中\n"
        "序号,继续教育编号,姓名,性别,出生年月,入职年月,校本研修,,校外研培与网络研培,,公需科目 (合格),合计,,验审意见\n"
        ",,,,,,学时,学分,学时,学分,,总学时,总学分,\n";
    int seq = 0;
    bool contradicted = false;
    for (const auto& r : records) {
        ++seq;
        jxjy::Verdict v = jxjy::compute_verdict(r.figures(), *policy);
        bool contradict = !contradicted && v == jxjy::Verdict::Unqualified;  // 合格 declared where the rule says 不合格
        contradicted = contradicted || contradict;
        std::string id = seq == 2 ? r.id.substr(2) : r.id;                             // zeros lost
        double total_hours = r.school_hours + r.external_hours + (seq == 3 ? 10 : 0);  // a typo
        std::string verdict(jxjy::verdict_text(contradict ? jxjy::Verdict::Qualified : v));
        csv += std::to_string(seq) + "," + id + "," + r.name + "," + (seq % 2 ? "男" : "女") + ",19" +
               std::to_string(70 + seq) + "-0" + std::to_string(seq % 9 + 1) + ",200" + std::to_string(seq % 10) +
               "-09," + fmt(r.school_hours) + "," + fmt(r.school_credits) + "," + fmt(r.external_hours) + "," +
               fmt(r.external_credits) + "," + (r.public_course_passed ? "合格" : "不合格") + "," + fmt(total_hours) +
               "," + fmt(r.school_credits + r.external_credits) + "," + verdict + "\n";
    }
    return csv + "备注：2.继续教育编号按照由小到大的顺序填写\n";
}

}  // namespace

Result<DemoCounty> create_demo_county(Service& svc, int per_unit) {
    Store& store = svc.store();
    if (!store.units().empty()) return jxjy::make_error("DEMO_EXISTS", "数据库中已有单位，不能再创建演示数据。");
    std::vector<DemoCredential> creds;
    auto ok = store.add_unit(Unit{"county", "泸县教师进修学校", "county", ""});
    if (!ok) return ok.error();
    auto admin_pw = svc.create_account("demo", "admin", "county", "admin");
    if (!admin_pw) return admin_pw.error();
    creds.push_back({"admin", "泸县教师进修学校", "admin", *admin_pw});
    auto reviewer_pw = svc.create_account("demo", "reviewer", "county", "reviewer");
    if (!reviewer_pw) return reviewer_pw.error();
    creds.push_back({"reviewer", "泸县教师进修学校", "reviewer", *reviewer_pw});

    std::mt19937 rng(2023);
    std::vector<jxjy::OfficialRecord> sample;
    auto pick = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    std::vector<jxjy::RegistryEntry> teachers;
    std::vector<std::pair<jxjy::OfficialRecord, std::string>> records;
    int unit_index = 0;
    for (const auto& u : kUnits) {
        ++unit_index;
        auto added = store.add_unit(Unit{u.code, u.name, u.kind, "county"});
        if (!added) return added.error();
        auto pw = svc.create_account("demo", u.code, u.code, "unit");
        if (!pw) return pw.error();
        creds.push_back({u.code, u.name, "unit", *pw});
        for (int n = 1; n <= per_unit; ++n) {
            char id[32];
            std::snprintf(id, sizeof id, "004%03d%03d", unit_index, n * 3);
            std::string name = std::string(kSurnames[pick(0, 15)]) + kGiven[pick(0, 17)];
            if (pick(0, 2) == 0) name += kGiven[pick(0, 17)];
            bool left = pick(0, 40) == 0;
            teachers.push_back(jxjy::RegistryEntry{id, name, u.code, u.name, left});
            if (left) continue;  // no hours recorded for teachers who have left
            double sh = pick(30, 100);
            double eh = pick(0, 9) == 0 ? pick(30, 65) : pick(70, 130);
            jxjy::OfficialRecord r{id, name, sh, sh / 10, eh, eh / 10, pick(0, 14) != 0};
            records.push_back({r, u.code});
            if (std::string(u.code) == kSampleUnit) sample.push_back(r);
        }
    }
    auto t = svc.import_teachers("demo", teachers);
    if (!t) return t.error();
    auto o = store.replace_official(2023, records, svc.now());
    if (!o) return o.error();
    svc.audit("demo", "create_demo_county", "", "ok",
              std::to_string(std::size(kUnits)) + " units, " + std::to_string(teachers.size()) + " teachers");
    // Demo accounts may skip the first-login password change; real ones may not.
    for (const auto& c : creds) {
        auto a = store.account_by_login(c.login);
        if (a) store.set_password(a->id, a->password_hash, false);
    }
    return DemoCounty{creds, kSampleUnit, sample_roster(sample, svc.schemas().policy(2023))};
}

}  // namespace jxjyd
