package io.firstline.simulator;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** What simulated customers write: inquiries, complaints, repairs, suggestions, requests, now and then a major matter. */
final class SimulatedTexts {

    record Text(String subject, String body) {
    }

    private static final List<Text> ORDINARY = List.of(
            new Text("电费账单咨询", "你好，我想查询一下上个月的电费账单，为什么比平时高这么多？"),
            new Text("营业时间", "请问你们营业厅周末开门吗？几点到几点？"),
            new Text("Billing question", "Hi, could you explain the extra charge on my latest bill?"),
            new Text("Opening hours", "Hello, what are your opening hours on public holidays?"),
            new Text("投诉：服务态度", "我要投诉，昨天营业厅工作人员态度很差，非常不满。"),
            new Text("投诉：多次上门未修好", "投诉！师傅来了三次问题还是没解决，太让人不满了。"),
            new Text("Complaint about service", "I want to complain: nobody called me back as promised. This is unacceptable."),
            new Text("Complaint: wrong bill", "This is a complaint about being billed twice for the same month."),
            new Text("报修：楼道停电", "报修：我们小区3号楼楼道停电了，从早上到现在还没恢复。"),
            new Text("报修：水管漏水", "报修，厨房水管漏水很厉害，麻烦尽快派人维修。"),
            new Text("报修：停水", "我家突然停水了，请问是计划停水还是管道坏了？"),
            new Text("Repair: water leak", "There is a leak under the meter box outside my flat, please send someone to repair it."),
            new Text("Repair: power outage", "Power outage on our street since 7am, is a repair crew on the way?"),
            new Text("Broken meter", "My meter display is broken, it shows nothing at all. Please repair it."),
            new Text("建议：增加线上缴费", "建议在小程序里增加电子发票下载功能，会方便很多。"),
            new Text("Suggestion", "A suggestion: please send a text reminder a few days before the bill is due."),
            new Text("办理过户", "你好，房子卖了，想办理过户手续，需要带哪些材料？"),
            new Text("开户", "我刚搬进新家，想开户，请问怎么办理？"),
            new Text("Open an account", "I just moved in and would like to open an account for water and power."),
            new Text("Close my account", "I am moving abroad next month and need to close my account."));

    private static final List<Text> MAJOR = List.of(
            new Text("紧急：燃气泄漏", "紧急！楼下闻到很重的煤气味，可能是燃气泄漏，已经有人报警了！"),
            new Text("Urgent: gas leak", "Urgent: strong smell of gas in our stairwell, we think it is a gas leak. People are evacuating."),
            new Text("记者采访", "我是报社记者，想了解一下昨天变电站火灾的情况，有人受伤吗？"));

    private static final List<String> FOLLOW_UPS = List.of(
            "请问有进展了吗？我还在等回复。",
            "补充一下：我的户号是 0031-7788-2020。",
            "还有，问题今天又出现了，麻烦尽快处理。",
            "谢谢，另外我的联系电话是 138 0013 8000。",
            "Any update on this? I am still waiting.",
            "Adding a detail: my account number is 4417-2290.",
            "It happened again this morning, please hurry.",
            "Also, I am at home all afternoon if someone needs to come by.");

    private static final List<String> NAMES = List.of(
            "张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强",
            "Emma Li", "James Wang", "Olivia Chen", "Daniel Zhou", "Sophie Lin", "Michael Xu");

    private SimulatedTexts() {
    }

    /** A first message; about one in fifty is a major matter. */
    static Text first() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return random.nextInt(50) == 0 ? pick(MAJOR) : pick(ORDINARY);
    }

    static String followUp() {
        return pick(FOLLOW_UPS);
    }

    static String name() {
        return pick(NAMES);
    }

    private static <T> T pick(List<T> items) {
        return items.get(ThreadLocalRandom.current().nextInt(items.size()));
    }
}
