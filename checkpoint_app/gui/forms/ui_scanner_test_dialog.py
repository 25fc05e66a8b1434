# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'scanner_test_dialog.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QDialog, QDialogButtonBox,
    QFormLayout, QLabel, QPlainTextEdit, QSizePolicy,
    QSpinBox, QVBoxLayout, QWidget)

class Ui_ScannerTestDialog(object):
    def setupUi(self, ScannerTestDialog):
        if not ScannerTestDialog.objectName():
            ScannerTestDialog.setObjectName(u"ScannerTestDialog")
        ScannerTestDialog.resize(560, 420)
        self.layout = QVBoxLayout(ScannerTestDialog)
        self.layout.setObjectName(u"layout")
        self.introLabel = QLabel(ScannerTestDialog)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setTextFormat(Qt.PlainText)
        self.introLabel.setWordWrap(True)

        self.layout.addWidget(self.introLabel)

        self.logView = QPlainTextEdit(ScannerTestDialog)
        self.logView.setObjectName(u"logView")
        self.logView.setReadOnly(True)

        self.layout.addWidget(self.logView)

        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.gapLabel = QLabel(ScannerTestDialog)
        self.gapLabel.setObjectName(u"gapLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.gapLabel)

        self.gapSpin = QSpinBox(ScannerTestDialog)
        self.gapSpin.setObjectName(u"gapSpin")
        self.gapSpin.setMinimum(5)
        self.gapSpin.setMaximum(100)

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.gapSpin)

        self.lengthLabel = QLabel(ScannerTestDialog)
        self.lengthLabel.setObjectName(u"lengthLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.lengthLabel)

        self.lengthSpin = QSpinBox(ScannerTestDialog)
        self.lengthSpin.setObjectName(u"lengthSpin")
        self.lengthSpin.setMinimum(3)
        self.lengthSpin.setMaximum(40)

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.lengthSpin)


        self.layout.addLayout(self.formLayout)

        self.buttonBox = QDialogButtonBox(ScannerTestDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.Close|QDialogButtonBox.Save)

        self.layout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.gapLabel.setBuddy(self.gapSpin)
        self.lengthLabel.setBuddy(self.lengthSpin)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(ScannerTestDialog)

        QMetaObject.connectSlotsByName(ScannerTestDialog)
    # setupUi

    def retranslateUi(self, ScannerTestDialog):
        ScannerTestDialog.setWindowTitle(QCoreApplication.translate("ScannerTestDialog", u"\u6d4b\u8bd5\u626b\u7801\u67aa", None))
        self.introLabel.setText(QCoreApplication.translate("ScannerTestDialog", u"\u7528\u626b\u7801\u67aa\u626b\u4efb\u610f\u6761\u7801\u6216\u4e8c\u7ef4\u7801\u3002\u4e0b\u9762\u663e\u793a\u6536\u5230\u7684\u5185\u5bb9\u3001\u6309\u952e\u95f4\u9694\uff0c\u4ee5\u53ca\u662f\u5426\u88ab\u8bc6\u522b\u4e3a\u626b\u7801\u3002", None))
        self.gapLabel.setText(QCoreApplication.translate("ScannerTestDialog", u"\u6700\u5927\u6309\u952e\u95f4\u9694\uff08\u6beb\u79d2\uff09", None))
        self.lengthLabel.setText(QCoreApplication.translate("ScannerTestDialog", u"\u6700\u5c11\u5b57\u7b26\u6570", None))
    # retranslateUi

